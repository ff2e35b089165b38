import { MalformedCustomerError } from './customers';
import { errorWithoutResponse } from './httpErrors';
import { MalformedQualificationError } from './normalise';
import type { RequestIds } from './requests';

/** Runs a normaliser on the body of a 200 answer; an unreadable body is a malformedResponse. */
export function readBody<T>(read: () => T, ids: RequestIds): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof MalformedCustomerError || error instanceof MalformedQualificationError) {
      throw errorWithoutResponse('malformedResponse', { ...ids, httpStatus: 200 }, error);
    }
    throw error;
  }
}
