import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';

/** Demo mode: the built-in simulator accepts this fixed token; no Entra ID is involved. */
export const DEMO_TOKEN = 'demo-token-for-the-built-in-simulator';

export class DemoTokenProvider implements PartnerCenterTokenProvider {
  getToken(): Promise<string> {
    return Promise.resolve(DEMO_TOKEN);
  }
}
