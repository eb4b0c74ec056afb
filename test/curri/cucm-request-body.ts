export interface CallNumbers {
  calling: string;
  called: string;
  /** Defaults to `calling`. */
  transformedCalling?: string;
  /** Defaults to `called`. */
  transformedCalled?: string;
}

/**
 * A CURRI request body in the exact shape of the real CUCM capture (reference
 * sample 01, `gve-sw/Route-CUCM-calls-by-O365-calendar-with-CURRI`,
 * tempXacmlReq.xml: attributes wrapped onto a second line, LF line ends), with
 * the numbers given. Built here so tests need nothing outside the repository.
 */
export function cucmRequestBody(numbers: CallNumbers): string {
  const attribute = (id: string, value: string, type = 'string') =>
    `<Attribute AttributeId="${id}"\nDataType="http://www.w3.org/2001/XMLSchema#${type}">\n` +
    `<AttributeValue>${value}</AttributeValue>\n</Attribute>\n`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Request xmlns="urn:oasis:names:tc:xacml:2.0:context:schema:os">\n' +
    '<Subject SubjectCategory="urn:oasis:names:tc:xacml:1.0:subject-category:access-subject">\n' +
    '<Attribute AttributeId="urn:oasis:names:tc:xacml:1.0:subject:role-id"\n' +
    'DataType="http://www.w3.org/2001/XMLSchema#string" Issuer="requestor">\n' +
    '<AttributeValue>CISCO:UC:UCMPolicy</AttributeValue>\n</Attribute>\n' +
    attribute('urn:Cisco:uc:1.0:callingnumber', numbers.calling) +
    attribute('urn:Cisco:uc:1.0:callednumber', numbers.called) +
    attribute('urn:Cisco:uc:1.0:transformedcgpn', numbers.transformedCalling ?? numbers.calling) +
    attribute('urn:Cisco:uc:1.0:transformedcdpn', numbers.transformedCalled ?? numbers.called) +
    '</Subject>\n<Resource>\n' +
    attribute('urn:oasis:names:tc:xacml:1.0:resource:resource-id', 'CISCO:UC:VoiceOrVideoCall', 'anyURI') +
    '</Resource>\n<Action>\n' +
    attribute('urn:oasis:names:tc:xacml:1.0:action:action-id', 'any', 'anyURI') +
    '</Action>\n<Environment>\n' +
    attribute('urn:Cisco:uc:1.0:triggerpointtype', 'translationpattern') +
    '</Environment>\n</Request>\n'
  );
}
