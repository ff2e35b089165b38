import { TokenAcquisitionError } from '../auth/tokenProvider';
import { isPartnerCenterError } from '../partnerCenter/errors';
import { TEXT_LIMITS, escapeOptional, escapeText } from './escape';
import { EXAMPLE_CUSTOMER_ID, type Messages, messagesFor } from './messages';
import { type CardOptions, commonData } from './options';
import { type AdaptiveCardJson, expandTemplate } from './templates';

export interface ErrorCardContext extends CardOptions {
  /** The id of this turn's lookup; shown so the user can quote it to support. */
  correlationId: string;
  /** The customer tenant id the user asked about, when there was one. */
  customerId?: string;
}

interface ErrorCardContent {
  readonly title: string;
  readonly titleColor: 'Attention' | 'Warning';
  readonly paragraphs: readonly string[];
  readonly customerId?: string;
  readonly details: readonly string[];
}

/**
 * The card for a failed lookup. PartnerCenterError and TokenAcquisitionError get a specific
 * title and next step; anything else gets a generic one. The raw message and stack of an error
 * are never shown: only the correlation id and the fields Partner Center/Entra sent, escaped.
 */
export function errorCard(error: unknown, context: ErrorCardContext): AdaptiveCardJson {
  const m = messagesFor(context.locale);
  const correlation = m.errors.correlationId(escapeText(context.correlationId, TEXT_LIMITS.correlationId));
  const customerId = escapeOptional(context.customerId, TEXT_LIMITS.id);

  if (isPartnerCenterError(error)) {
    const text = m.errors.partnerCenter[error.kind];
    const description = escapeOptional(error.description, TEXT_LIMITS.description);
    const code = escapeOptional(error.code, TEXT_LIMITS.code);
    const retryAfterSeconds =
      typeof error.retryAfterSeconds === 'number' && Number.isFinite(error.retryAfterSeconds) && error.retryAfterSeconds > 0
        ? Math.ceil(error.retryAfterSeconds)
        : undefined;
    // badRequest quotes the description in its next step; do not repeat it in the small print.
    const smallPrintDescription = error.kind === 'badRequest' ? undefined : description;
    const details = [correlation];
    if (code !== undefined || smallPrintDescription !== undefined) {
      details.push(m.errors.partnerCenterCode(code, smallPrintDescription));
    }
    if (typeof error.httpStatus === 'number' && Number.isInteger(error.httpStatus)) {
      details.push(m.errors.httpStatus(error.httpStatus));
    }
    return render(m, context, {
      title: text.title,
      titleColor: 'Attention',
      paragraphs: [text.next({ retryAfterSeconds, description })],
      customerId,
      details,
    });
  }

  if (error instanceof TokenAcquisitionError) {
    const aadCode = escapeOptional(error.aadCode, TEXT_LIMITS.code);
    const next = m.errors.signIn.next[error.reason] ?? m.errors.signIn.next.unknown;
    return render(m, context, {
      title: m.errors.signIn.title,
      titleColor: 'Attention',
      paragraphs: [next],
      customerId,
      details: aadCode === undefined ? [correlation] : [correlation, m.errors.aadCode(aadCode)],
    });
  }

  return render(m, context, {
    title: m.errors.generic.title,
    titleColor: 'Attention',
    paragraphs: [m.errors.generic.next],
    customerId,
    details: [correlation],
  });
}

/** The answer to `qualification for <something that is not a GUID>`; echoes the input, made inert. */
export function invalidCustomerIdCard(input: string, options: CardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const typed = escapeText(input, TEXT_LIMITS.echo);
  return render(m, options, {
    title: m.invalidInput.title,
    titleColor: 'Warning',
    paragraphs: [
      m.invalidInput.body,
      m.invalidInput.example(m.help.exampleCommand(EXAMPLE_CUSTOMER_ID)),
    ],
    details: [typed === '' ? m.invalidInput.nothingTyped : m.invalidInput.youTyped(typed)],
  });
}

function render(m: Messages, options: CardOptions, content: ErrorCardContent): AdaptiveCardJson {
  const firstParagraph = content.paragraphs[0] ?? '';
  return expandTemplate('error', {
    ...commonData(m, options, m.errors.fallback(content.title, firstParagraph)),
    title: content.title,
    titleColor: content.titleColor,
    paragraphs: content.paragraphs.map((text) => ({ text })),
    hasCustomer: content.customerId !== undefined,
    customerLabel: m.errors.customerLabel,
    customerId: content.customerId ?? '',
    hasDetails: content.details.length > 0,
    details: content.details.map((text) => ({ text })),
  });
}
