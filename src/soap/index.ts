/**
 * The SOAP reporting API (`soap` package): WSDL at GET /soap/reporting?wsdl,
 * service at POST /soap/reporting. Calls, cost summaries and trends from the
 * report engine; budget status and history; line locks and PIN reset; CDR
 * ingest status; CURRI decisions. WS-Security UsernameToken or HTTP Basic
 * against the admin accounts; supervisors see only their departments.
 */
export {
  createSoapReportingRouter,
  deferSoapReportingRouter,
  SOAP_MOUNT,
  type SoapReportingDeps,
} from './soap-reporting-router.js';
export { buildReportingWsdl, REPORTING_NS, soapActionOf } from './build-reporting-wsdl.js';
