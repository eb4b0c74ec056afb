import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { reportingOperations } from './reporting-operations.js';
import { complexTypes, enumerations } from './reporting-types.js';
import type { XsdElement } from './xsd-model.js';

/** Target namespace of the reporting API's messages. */
export const REPORTING_NS = 'urn:tollgate:reporting:1';
export const REPORTING_SERVICE = 'ReportingService';
export const REPORTING_PORT = 'ReportingPort';

const WSDL = 'http://schemas.xmlsoap.org/wsdl/';
const SOAP = 'http://schemas.xmlsoap.org/wsdl/soap/';
const XSD = 'http://www.w3.org/2001/XMLSchema';

/** The SOAPAction of an operation (clients may also send none: the body's element names it). */
export function soapActionOf(operation: string): string {
  return `${REPORTING_NS}#${operation}`;
}

function documented(node: XMLBuilder, prefix: 'xsd' | 'wsdl', doc: string | undefined): void {
  if (!doc) return;
  if (prefix === 'xsd') node.ele(XSD, 'xsd:annotation').ele(XSD, 'xsd:documentation').txt(doc);
  else node.ele(WSDL, 'wsdl:documentation').txt(doc);
}

function sequence(parent: XMLBuilder, elements: XsdElement[]): void {
  const seq = parent.ele(XSD, 'xsd:sequence');
  for (const e of elements) {
    const node = seq.ele(XSD, 'xsd:element', {
      name: e.name,
      type: e.type.startsWith('tns:') ? e.type : `xsd:${e.type}`,
      ...(e.optional || e.many ? { minOccurs: '0' } : {}),
      ...(e.many ? { maxOccurs: 'unbounded' } : {}),
    });
    documented(node, 'xsd', e.doc);
  }
}

/**
 * The WSDL 1.1 of the reporting API (document/literal wrapped, SOAP 1.1 over
 * HTTP), generated from the same operation and type tables the handlers
 * answer with. Every operation, type and element carries its documentation.
 */
export function buildReportingWsdl(location: string): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(WSDL, 'wsdl:definitions', {
    name: 'TollgateReporting',
    targetNamespace: REPORTING_NS,
    'xmlns:tns': REPORTING_NS,
    'xmlns:soap': SOAP,
    'xmlns:xsd': XSD,
  });
  documented(
    root,
    'wsdl',
    'Tollgate reporting API: calls, cost summaries and trends, budgets, line locks, PIN reset, CDR ' +
      'ingest and CURRI decisions. Authenticate with WS-Security UsernameToken (PasswordText) or ' +
      'HTTP Basic, as a Tollgate admin account; supervisors see only their departments.',
  );

  const schema = root
    .ele(WSDL, 'wsdl:types')
    .ele(XSD, 'xsd:schema', { targetNamespace: REPORTING_NS, elementFormDefault: 'qualified' });
  for (const e of enumerations) {
    const type = schema.ele(XSD, 'xsd:simpleType', { name: e.name });
    documented(type, 'xsd', e.doc);
    const restriction = type.ele(XSD, 'xsd:restriction', { base: 'xsd:string' });
    for (const v of e.values) restriction.ele(XSD, 'xsd:enumeration', { value: v });
  }
  for (const t of complexTypes) {
    const type = schema.ele(XSD, 'xsd:complexType', { name: t.name });
    documented(type, 'xsd', t.doc);
    sequence(type, t.elements);
  }
  for (const op of reportingOperations) {
    for (const [name, elements] of [
      [op.name, op.input],
      [`${op.name}Response`, op.output],
    ] as const) {
      sequence(schema.ele(XSD, 'xsd:element', { name }).ele(XSD, 'xsd:complexType'), elements);
    }
  }

  for (const op of reportingOperations) {
    root
      .ele(WSDL, 'wsdl:message', { name: `${op.name}Request` })
      .ele(WSDL, 'wsdl:part', { name: 'parameters', element: `tns:${op.name}` });
    root
      .ele(WSDL, 'wsdl:message', { name: `${op.name}Response` })
      .ele(WSDL, 'wsdl:part', { name: 'parameters', element: `tns:${op.name}Response` });
  }
  const portType = root.ele(WSDL, 'wsdl:portType', { name: 'ReportingPortType' });
  for (const op of reportingOperations) {
    const operation = portType.ele(WSDL, 'wsdl:operation', { name: op.name });
    documented(operation, 'wsdl', op.doc);
    operation.ele(WSDL, 'wsdl:input', { message: `tns:${op.name}Request` });
    operation.ele(WSDL, 'wsdl:output', { message: `tns:${op.name}Response` });
  }
  const binding = root.ele(WSDL, 'wsdl:binding', { name: 'ReportingBinding', type: 'tns:ReportingPortType' });
  binding.ele(SOAP, 'soap:binding', { style: 'document', transport: 'http://schemas.xmlsoap.org/soap/http' });
  for (const op of reportingOperations) {
    const operation = binding.ele(WSDL, 'wsdl:operation', { name: op.name });
    operation.ele(SOAP, 'soap:operation', { soapAction: soapActionOf(op.name), style: 'document' });
    operation.ele(WSDL, 'wsdl:input').ele(SOAP, 'soap:body', { use: 'literal' });
    operation.ele(WSDL, 'wsdl:output').ele(SOAP, 'soap:body', { use: 'literal' });
  }
  root
    .ele(WSDL, 'wsdl:service', { name: REPORTING_SERVICE })
    .ele(WSDL, 'wsdl:port', { name: REPORTING_PORT, binding: 'tns:ReportingBinding' })
    .ele(SOAP, 'soap:address', { location });
  return root.end({ prettyPrint: true });
}
