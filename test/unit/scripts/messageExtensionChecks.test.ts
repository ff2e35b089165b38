import assert from 'node:assert/strict';
import { buildManifest, readManifestTemplate } from '../../../scripts/appPackage';
import { messageExtensionProblems } from '../../../scripts/messageExtensionChecks';

const BOT_ID = '11111111-2222-4333-8444-555555555555';

type Json = Record<string, unknown>;

async function manifest(): Promise<Json> {
  return buildManifest(await readManifestTemplate(), { botId: BOT_ID, teamsAppId: BOT_ID });
}

function extensionOf(m: Json): Json {
  return (m.composeExtensions as Json[])[0];
}

describe('Teams app package: the message extension checks the schema does not make', () => {
  it('the manifest as shipped has none', async () => {
    assert.deepEqual(messageExtensionProblems(await manifest()), []);
  });

  it('refuses: no extension, another bot id, a renamed command or parameter, no Partner Center links', async () => {
    const missing = await manifest();
    delete missing.composeExtensions;
    assert.match(messageExtensionProblems(missing).join('\n'), /composeExtensions is missing/);

    const otherBot = await manifest();
    extensionOf(otherBot).botId = '99999999-2222-4333-8444-555555555555';
    assert.match(messageExtensionProblems(otherBot).join('\n'), /botId must be the bot's id/);

    const renamed = await manifest();
    (extensionOf(renamed).commands as Json[])[0].id = 'searchCustomers';
    assert.match(messageExtensionProblems(renamed).join('\n'), /no "findCustomer" command/);

    const parameter = await manifest();
    const command = (extensionOf(parameter).commands as Json[])[0];
    (command.parameters as Json[])[0].name = 'text';
    assert.match(messageExtensionProblems(parameter).join('\n'), /parameter named "query"/);

    const links = await manifest();
    extensionOf(links).messageHandlers = [{ type: 'link', value: { domains: ['example.com'] } }];
    assert.match(messageExtensionProblems(links).join('\n'), /partner\.microsoft\.com/);
  });
});
