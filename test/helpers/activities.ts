import { randomUUID } from 'node:crypto';

export const TENANT_ID = '00000000-0000-0000-0000-0000000000aa';
const BOT_ID = '28:bot-id';
export const USER_AAD_ID = '00000000-0000-0000-0000-000000000001';

export interface ActivityOptions {
  readonly serviceUrl: string;
  readonly conversationType?: 'personal' | 'groupChat' | 'channel';
  readonly conversationId?: string;
  readonly mention?: boolean;
  readonly locale?: string;
  readonly channelId?: string;
  readonly deliveryMode?: 'expectReplies';
  /** From Microsoft 365 Copilot chat: the ProductInfo entity Copilot adds (conversation type personal). */
  readonly copilot?: boolean;
}

/** The entity by which Microsoft 365 Copilot's activities differ from Teams'. */
const COPILOT_ENTITY = { type: 'ProductInfo', id: 'COPILOT' } as const;

/** A message activity shaped like the ones Teams (and the Agents Playground) send. */
export function teamsMessage(text: string, options: ActivityOptions): Record<string, unknown> {
  const conversationType = options.conversationType ?? 'personal';
  const mentionText = '<at>Qualification Bot</at>';
  return {
    type: 'message',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: options.channelId ?? 'msteams',
    serviceUrl: options.serviceUrl,
    from: { id: '29:user-1', name: 'Alex Wilber', aadObjectId: USER_AAD_ID },
    conversation: {
      id: options.conversationId ?? `a:${randomUUID()}`,
      conversationType,
      tenantId: TENANT_ID,
      ...(conversationType !== 'personal' && { isGroup: true }),
    },
    recipient: { id: BOT_ID, name: 'Qualification Bot' },
    text: options.mention ? `${mentionText} ${text}` : text,
    textFormat: 'plain',
    locale: options.locale ?? 'en-US',
    entities: [
      { type: 'clientInfo', locale: options.locale ?? 'en-US', country: 'US', platform: 'Web', timezone: 'UTC' },
      ...(options.mention
        ? [{ type: 'mention', text: mentionText, mentioned: { id: BOT_ID, name: 'Qualification Bot' } }]
        : []),
      ...(options.copilot ? [COPILOT_ENTITY] : []),
    ],
    channelData: { tenant: { id: TENANT_ID } },
    ...(options.deliveryMode && { deliveryMode: options.deliveryMode }),
  };
}

/** POSTs an activity to the bot and returns the HTTP status and body text. */
export async function postActivity(
  botUrl: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}
