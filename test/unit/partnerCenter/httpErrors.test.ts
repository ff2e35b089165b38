import assert from 'node:assert/strict';
import { PartnerCenterError } from '../../../src/partnerCenter/errors';
import {
  errorFromResponse,
  errorWithoutResponse,
  kindForStatus,
  parseErrorBody,
  parseRetryAfter,
} from '../../../src/partnerCenter/httpErrors';
import { ERROR_FIXTURES, assertFixtureDirectory, fixtureText } from '../../helpers/fakePartnerCenterFixtures';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const IDS = {
  correlationId: '7d2456fd-2d79-46d0-9f8e-5d7ecd5f8745',
  requestId: '037db222-6d8e-4d7f-ba78-df3dca33fb68',
};

describe('parseRetryAfter', () => {
  const cases: ReadonlyArray<{
    readonly name: string;
    readonly header: string | null;
    readonly expected: number | undefined;
  }> = [
    { name: 'delta seconds "57" (the documented example)', header: '57', expected: 57 },
    { name: '"0"', header: '0', expected: 0 },
    { name: 'delta seconds with surrounding whitespace', header: ' 120 ', expected: 120 },
    { name: 'IMF-fixdate 30 s in the future', header: 'Sun, 01 Mar 2026 12:00:30 GMT', expected: 30 },
    { name: 'IMF-fixdate 1 h in the future', header: 'Sun, 01 Mar 2026 13:00:00 GMT', expected: 3600 },
    {
      name: 'RFC 850 date (obsolete, recipients must accept it)',
      header: 'Sunday, 01-Mar-26 12:01:00 GMT',
      expected: 60,
    },
    { name: 'asctime date (obsolete, recipients must accept it)', header: 'Sun Mar  1 12:00:10 2026', expected: 10 },
    { name: 'a date in the past → 0, never negative', header: 'Wed, 21 Oct 2015 07:28:00 GMT', expected: 0 },
    { name: 'a date exactly now → 0', header: 'Sun, 01 Mar 2026 12:00:00 GMT', expected: 0 },
    { name: 'null (no header)', header: null, expected: undefined },
    { name: 'empty', header: '', expected: undefined },
    { name: 'blank', header: '   ', expected: undefined },
    { name: 'garbage word', header: 'soon', expected: undefined },
    { name: 'units', header: '5 minutes', expected: undefined },
    { name: 'digits with trailing junk', header: '12abc', expected: undefined },
    { name: 'hex', header: '0x10', expected: undefined },
    { name: 'exponent', header: '1e3', expected: undefined },
    // V8's Date.parse reads these as dates in 2001, which would wrongly mean "retry now".
    { name: 'negative seconds "-5"', header: '-5', expected: undefined },
    { name: 'fractional seconds "1.5"', header: '1.5', expected: undefined },
    { name: 'a bare month/day "3/4"', header: '3/4', expected: undefined },
  ];

  for (const { name, header, expected } of cases) {
    it(`reads ${name}`, () => {
      assert.equal(parseRetryAfter(header, NOW), expected);
    });
  }

  it('rounds a date a fraction of a second away up to whole seconds', () => {
    const now = new Date('2026-03-01T12:00:29.400Z');
    assert.equal(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now), 1);
  });

  it('reads an asctime date as UTC whatever the local time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York'; // Node re-reads TZ when it is assigned
      assert.equal(
        new Date('2026-03-01T12:00:00').getTimezoneOffset(),
        300,
        'the time zone switch did not take effect',
      );
      assert.equal(parseRetryAfter('Sun Mar  1 12:00:10 2026', NOW), 10);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('measures a date against the real clock by default', () => {
    const header = new Date(Date.now() + 90_000).toUTCString(); // toUTCString drops the milliseconds
    const seconds = parseRetryAfter(header);
    assert.ok(seconds !== undefined && seconds >= 88 && seconds <= 90, `got ${seconds}`);
  });
});

describe('parseErrorBody', () => {
  before(() => assertFixtureDirectory());

  for (const [file, expected] of Object.entries(ERROR_FIXTURES)) {
    it(`reads fixture ${file}`, () => {
      const parsed = parseErrorBody(fixtureText(file));
      assert.deepEqual(parsed, {
        ...(expected.code !== undefined && { code: expected.code, fromPartnerCenter: true }),
        description: expected.description,
      });
    });
  }

  it('reads the PartnerFD shape (code is a number in real bodies)', () => {
    assert.deepEqual(
      parseErrorBody('{"code":900118,"description":"Invalid Customer Id","data":[],"source":"PartnerFD"}'),
      { code: 900118, description: 'Invalid Customer Id', fromPartnerCenter: true },
    );
  });

  it('keeps a string code as a string (the schema says string)', () => {
    assert.deepEqual(parseErrorBody('{"code":"3000","description":"Invalid property"}'), {
      code: '3000',
      description: 'Invalid property',
      fromPartnerCenter: true,
    });
  });

  it('reads errorCode when there is no code', () => {
    assert.deepEqual(parseErrorBody('{"errorCode":800001,"description":"Partner Token missing"}'), {
      code: 800001,
      description: 'Partner Token missing',
      fromPartnerCenter: true,
    });
  });

  it('reads the throttling shape: message becomes the description, statusCode is not a code', () => {
    assert.deepEqual(
      parseErrorBody('{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in 57 seconds." }'),
      {
        description: 'Rate limit is exceeded. Try again in 57 seconds.',
      },
    );
  });

  it('prefers description over message', () => {
    assert.deepEqual(parseErrorBody('{"code":1,"description":"from description","message":"from message"}'), {
      code: 1,
      description: 'from description',
      fromPartnerCenter: true,
    });
  });

  it(
    'reads a gateway 404 ({ statusCode, message }, PartnerCenterPowerShellModule #14): its message, not Partner ' +
      'Center’s own shape',
    () => {
      assert.deepEqual(parseErrorBody(fixtureText('error-404-gateway-observed.json')), {
        description: 'Resource not found',
      });
    },
  );

  it('is Partner Center’s own shape only with both a code and a description', () => {
    assert.deepEqual(parseErrorBody('{"code":1000}'), { code: 1000 });
    assert.deepEqual(parseErrorBody('{"description":"Not found"}'), { description: 'Not found' });
    assert.deepEqual(parseErrorBody('{"code":1000,"message":"Not found"}'), { code: 1000, description: 'Not found' });
    assert.deepEqual(parseErrorBody('{"code":1000,"description":"  "}'), { code: 1000 });
  });

  const said: ReadonlyArray<readonly [string, string, string | null, string]> = [
    [
      'a bare JSON string (fixture error-bare-string-CONSTRUCTED.json)',
      fixtureText('error-bare-string-CONSTRUCTED.json'),
      'application/json',
      'Customer tagging denied.',
    ],
    ['a bare JSON string with escapes', '"Access \\"denied\\"\\n"', null, 'Access "denied"\n'],
    ['plain text', 'Customer tagging denied.', 'text/plain', 'Customer tagging denied.'],
    ['plain text with surrounding whitespace', '  Service Unavailable \r\n', null, 'Service Unavailable'],
    [
      'an HTML page’s title (fixture error-404-html-CONSTRUCTED.html)',
      fixtureText('error-404-html-CONSTRUCTED.html'),
      'text/html',
      '404 - File or directory not found.',
    ],
    [
      'an HTML page without a title: its first heading',
      '<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>',
      null,
      '502 Bad Gateway',
    ],
    [
      'HTML entities in a title',
      '<html><head><title>Not &amp; Found &#8211; &lt;x&gt; &#x41;</title></head></html>',
      'text/html; charset=utf-8',
      'Not & Found – <x> A',
    ],
    ['tags inside a heading', '<h2>The <b>resource</b>\n was   removed</h2>', 'text/html', 'The resource was removed'],
  ];
  for (const [name, text, contentType, description] of said) {
    it(`keeps what ${name} says as its description`, () => {
      assert.deepEqual(parseErrorBody(text, contentType), { description });
    });
  }

  it('caps a bare string or plain text at 1024 characters too', () => {
    assert.equal(parseErrorBody(JSON.stringify('s'.repeat(3000))).description?.length, 1024);
    assert.equal(parseErrorBody('t'.repeat(3000), 'text/plain').description?.length, 1024);
  });

  const nothing: ReadonlyArray<readonly [string, string]> = [
    ['an HTML page with neither title nor heading', '<html><body><p>Bad Gateway</p></body></html>'],
    ['an empty body', ''],
    ['a blank body', ' \r\n '],
    ['truncated JSON', '{"code":20002,"descr'],
    ['truncated JSON text', '"Customer tagg'],
    ['an XML error', '<?xml version="1.0"?><Error><Code>ResourceNotFound</Code></Error>'],
    ['JSON null', 'null'],
    ['a blank JSON string', '"  "'],
    ['a JSON number', '404'],
    ['a JSON boolean', 'true'],
    ['a JSON list', '[{"code":1,"description":"x"}]'],
    ['an object without code or description', '{"foo":1}'],
  ];
  for (const [name, text] of nothing) {
    it(`gives nothing for ${name}`, () => {
      assert.deepEqual(parseErrorBody(text), {});
    });
  }

  it('ignores a code or description of the wrong type and a blank description', () => {
    assert.deepEqual(parseErrorBody('{"code":{"n":1},"description":42}'), {});
    assert.deepEqual(parseErrorBody('{"code":true,"description":["x"]}'), {});
    assert.deepEqual(parseErrorBody('{"code":5,"description":"   "}'), { code: 5 });
  });

  it('caps the description at 1024 characters (the documented maximum)', () => {
    const long = 'x'.repeat(5000);
    const parsed = parseErrorBody(JSON.stringify({ code: 1, description: long }));
    assert.equal(parsed.description?.length, 1024);
    assert.equal(parsed.description, long.slice(0, 1024));
    const exact = 'y'.repeat(1024);
    assert.equal(parseErrorBody(JSON.stringify({ description: exact })).description, exact);
    const message = 'z'.repeat(2000);
    assert.equal(parseErrorBody(JSON.stringify({ message })).description?.length, 1024);
  });
});

describe('kindForStatus', () => {
  const table: ReadonlyArray<readonly [number, string]> = [
    [400, 'badRequest'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'notFound'],
    [408, 'timeout'],
    [429, 'throttled'],
    [500, 'unavailable'],
    [502, 'unavailable'],
    [503, 'unavailable'],
    [504, 'timeout'],
    // Anything else: other 5xx are the service's fault, the rest are unexpected.
    [501, 'unavailable'],
    [505, 'unavailable'],
    [599, 'unavailable'],
    [418, 'unexpected'],
    [405, 'unexpected'],
    [409, 'unexpected'],
    [302, 'unexpected'],
    [201, 'unexpected'],
    [204, 'unexpected'],
    [100, 'unexpected'],
  ];
  for (const [status, kind] of table) {
    it(`maps ${status} to ${kind}`, () => {
      assert.equal(kindForStatus(status), kind);
    });
  }
});

describe('errorFromResponse', () => {
  it('carries kind, ids, status, code and description, and says the status in its message', () => {
    const error = errorFromResponse(
      403,
      '{"code":20002,"description":"No relationship between caller and account."}',
      null,
      IDS,
    );
    assert.ok(error instanceof PartnerCenterError);
    assert.equal(error.name, 'PartnerCenterError');
    assert.equal(error.kind, 'forbidden');
    assert.equal(error.correlationId, IDS.correlationId);
    assert.equal(error.requestId, IDS.requestId);
    assert.equal(error.httpStatus, 403);
    assert.equal(error.code, 20002);
    assert.equal(error.description, 'No relationship between caller and account.');
    assert.equal(error.retryAfterSeconds, undefined);
    assert.match(error.message, /HTTP 403/);
  });

  it('takes retryAfterSeconds from the header first', () => {
    const error = errorFromResponse(429, '{"statusCode":429,"message":"Try again in 57 seconds."}', '10', IDS);
    assert.equal(error.kind, 'throttled');
    assert.equal(error.retryAfterSeconds, 10);
  });

  it('falls back to "Try again in N seconds" in the body when there is no header', () => {
    assert.equal(errorFromResponse(429, fixtureText('error-429-throttled.json'), null, IDS).retryAfterSeconds, 57);
    assert.equal(errorFromResponse(429, '{"message":"Please try again in 1 second."}', null, IDS).retryAfterSeconds, 1);
  });

  it('falls back to the body when the header is garbage', () => {
    assert.equal(errorFromResponse(429, fixtureText('error-429-throttled.json'), 'soon', IDS).retryAfterSeconds, 57);
    assert.equal(errorFromResponse(429, fixtureText('error-429-throttled.json'), '-5', IDS).retryAfterSeconds, 57);
  });

  it('leaves retryAfterSeconds unset when neither header nor body says', () => {
    const error = errorFromResponse(429, '', null, IDS);
    assert.equal(error.kind, 'throttled');
    assert.equal(error.retryAfterSeconds, undefined);
  });

  describe('which 404 means "no such customer"', () => {
    const customerEndpoints = ['qualifications', 'qualification', 'customer'] as const;
    const partnerCenterOwn: ReadonlyArray<readonly [string, string]> = [
      ['fixture error-404-customer-CONSTRUCTED.json', fixtureText('error-404-customer-CONSTRUCTED.json')],
      [
        'fixture error-404-documented-partner-not-found.json',
        fixtureText('error-404-documented-partner-not-found.json'),
      ],
      ['a PartnerFD body with another code', '{"code":600,"description":"Customer not found"}'],
      ['a string code', '{"code":"60003","description":"Tenant not found","source":"PartnerFD"}'],
    ];
    for (const endpoint of customerEndpoints) {
      for (const [name, body] of partnerCenterOwn) {
        it(`${endpoint}: ${name} → notFound, with its code and description`, () => {
          const error = errorFromResponse(404, body, null, { ...IDS, endpoint, contentType: 'application/json' });
          assert.equal(error.kind, 'notFound');
          assert.equal(error.endpoint, endpoint);
          assert.ok(error.code !== undefined && error.description !== undefined);
        });
      }
    }
    const notPartnerCenter: ReadonlyArray<readonly [string, string, string | null, string | undefined]> = [
      [
        'a gateway’s { statusCode, message } (fixture error-404-gateway-observed.json)',
        fixtureText('error-404-gateway-observed.json'),
        'application/json',
        'Resource not found',
      ],
      [
        'an HTML page (fixture error-404-html-CONSTRUCTED.html)',
        fixtureText('error-404-html-CONSTRUCTED.html'),
        'text/html',
        '404 - File or directory not found.',
      ],
      ['an empty body', '', null, undefined],
      ['a bare string', '"Customer not found"', 'application/json', 'Customer not found'],
      ['plain text', 'Not Found', 'text/plain', 'Not Found'],
      ['a code without a description', '{"code":1000}', 'application/json', undefined],
      ['a description without a code', '{"description":"Not found"}', 'application/json', 'Not found'],
      ['broken JSON', '{"code":1000,"desc', 'application/json', undefined],
    ];
    for (const endpoint of [...customerEndpoints, 'customerSearch'] as const) {
      for (const [name, body, contentType, description] of notPartnerCenter) {
        it(`${endpoint}: ${name} → notAnswered, quoting what it said`, () => {
          const error = errorFromResponse(404, body, null, { ...IDS, endpoint, contentType });
          assert.equal(error.kind, 'notAnswered');
          assert.equal(error.httpStatus, 404);
          assert.equal(error.description, description);
          assert.match(error.message, /could not answer the request \(HTTP 404\)/);
        });
      }
    }
    it('customerSearch: even Partner Center’s own 404 → notAnswered (a search is about no one customer)', () => {
      const error = errorFromResponse(404, fixtureText('error-404-customer-CONSTRUCTED.json'), null, {
        ...IDS,
        endpoint: 'customerSearch',
      });
      assert.equal(error.kind, 'notAnswered');
      assert.equal(error.code, 1000);
      assert.equal(error.description, 'Not found');
    });
    it('other statuses keep their kind whatever the body’s shape', () => {
      assert.equal(
        errorFromResponse(403, '"Customer tagging denied."', null, { ...IDS, endpoint: 'customerSearch' }).kind,
        'forbidden',
      );
      assert.equal(errorFromResponse(500, '<html><title>Oops</title></html>', null, IDS).kind, 'unavailable');
    });
  });

  it('keeps a bare-string body’s text as the description, whatever the status', () => {
    const error = errorFromResponse(403, fixtureText('error-bare-string-CONSTRUCTED.json'), null, IDS);
    assert.equal(error.kind, 'forbidden');
    assert.equal(error.description, 'Customer tagging denied.');
    assert.equal(error.code, undefined);
  });

  it('sets retryAfterSeconds only for throttling', () => {
    assert.equal(
      errorFromResponse(503, '{"message":"Try again in 30 seconds."}', '30', IDS).retryAfterSeconds,
      undefined,
    );
  });
});

describe('errorWithoutResponse', () => {
  it('keeps the ids, the optional status and the cause', () => {
    const cause = new Error('socket hang up');
    const error = errorWithoutResponse('unavailable', IDS, cause);
    assert.equal(error.kind, 'unavailable');
    assert.equal(error.correlationId, IDS.correlationId);
    assert.equal(error.requestId, IDS.requestId);
    assert.equal(error.httpStatus, undefined);
    assert.equal(error.cause, cause);
    assert.equal(errorWithoutResponse('malformedResponse', { ...IDS, httpStatus: 200 }).httpStatus, 200);
  });
});
