import type { PipelinePolicy } from '@azure/core-rest-pipeline';

const STREAM_INFO_POLICY_NAME = 'streamInfoEntity';
const STREAM_FIELDS = ['streamId', 'streamType', 'streamSequence'] as const;

/**
 * botframework-connector 4.23 serializes an activity's entities with a model that knows only
 * `type`, `text` and `mentioned`: a `streaminfo` entity leaves the bot as `{ "type": "streaminfo" }`,
 * without its `streamId`, `streamType` and `streamSequence`. channelData goes out whole, so a
 * stream message carries those fields there too (streamedProgress.ts), and this policy, on the
 * serialized request, copies them back into the entity, where Teams' streaming protocol and
 * Microsoft 365 Copilot read them.
 */
export function streamInfoPolicy(): PipelinePolicy {
  return {
    name: STREAM_INFO_POLICY_NAME,
    sendRequest(request, next) {
      if (typeof request.body === 'string' && request.body.includes('"streaminfo"')) {
        request.body = withStreamInfoEntity(request.body);
      }
      return next(request);
    },
  };
}

/** The activity JSON with each `streaminfo` entity given the stream fields of its channelData (else as it was). */
export function withStreamInfoEntity(body: string): string {
  let activity: unknown;
  try {
    activity = JSON.parse(body);
  } catch {
    return body;
  }
  const { entities, channelData } = (activity ?? {}) as { entities?: unknown; channelData?: unknown };
  if (!Array.isArray(entities) || typeof channelData !== 'object' || channelData === null) return body;
  const fields = Object.fromEntries(
    STREAM_FIELDS.flatMap((field) => {
      const value = (channelData as Record<string, unknown>)[field];
      return value === undefined ? [] : [[field, value]];
    }),
  );
  let changed = false;
  const filled = entities.map((entity: unknown) => {
    if ((entity as { type?: unknown } | null)?.type !== 'streaminfo') return entity;
    changed = true;
    return { ...fields, ...(entity as object) };
  });
  return changed ? JSON.stringify({ ...(activity as object), entities: filled }) : body;
}
