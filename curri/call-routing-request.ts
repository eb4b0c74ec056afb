/**
 * What CUCM asks in one External Call Control request, free of XACML names.
 * Every field is a string exactly as CUCM sent it (trimmed); '' when absent.
 */
export interface CallRoutingRequest {
  /** The calling number as known at the trigger point (usually the caller's DN). */
  callingNumber: string;
  /** The called number: the digits dialled. */
  calledNumber: string;
  /** The calling number after the pattern's transformations (often globalised), or ''. */
  transformedCallingNumber: string;
  /**
   * The called number after the pattern's transformations (often globalised), or ''.
   * It may lead elsewhere than the digits dialled (tail-end hop-off): decisions read both.
   */
  transformedCalledNumber: string;
  /** The calling device (SEP…, or a gateway/trunk name); sent by newer CUCM releases only. */
  callingDeviceName: string;
  /** translationpattern, routepattern or directorynumber. */
  triggerPointType: string;
}

/** A request with every field empty, to fill in. */
export function emptyCallRoutingRequest(): CallRoutingRequest {
  return {
    callingNumber: '',
    calledNumber: '',
    transformedCallingNumber: '',
    transformedCalledNumber: '',
    callingDeviceName: '',
    triggerPointType: '',
  };
}
