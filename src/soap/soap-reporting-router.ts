import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { AdminAccountService, SignInThrottle } from '../admin-accounts/index.js';
import { AuthenticationError, BadInputError } from '../errors/index.js';
import { SignInLockedError } from '../admin-accounts/index.js';
import { lazyModule } from '../lazy-module.js';
import type { ReportService } from '../reports/index.js';
import { createAdminHandlers, type AdminHandlerDeps } from './admin-handlers.js';
import { buildReportingWsdl, REPORTING_PORT, REPORTING_SERVICE } from './build-reporting-wsdl.js';
import { readBasicCredentials, readSoapRequestHead } from './read-soap-request.js';
import { createReportHandlers } from './report-handlers.js';
import { reportingOperations } from './reporting-operations.js';
import { parseOperationArgs, type OperationName } from './soap-args.js';
import {
  clientFault,
  ENVELOPE_NS,
  envelopeNamespaceOf,
  faultFromError,
  renderFault,
  soapPackageFault,
  versionMismatchFault,
  type SoapFault,
} from './soap-faults.js';
import type { SoapPrincipal } from './soap-principal.js';

/** The `soap` package (and axios, xml-crypto… with it): imported when the router is built. */
const soapLibrary = lazyModule('soap', () => import('soap'));

export interface SoapReportingDeps extends AdminHandlerDeps {
  reports: ReportService;
  accounts: Pick<AdminAccountService, 'verify'>;
  /** Failed sign-ins per account and address, shared with the web's sign-in. */
  signIn: SignInThrottle;
  log: Logger;
  /** Base URL clients reach Tollgate at, for the WSDL's address; empty = the request's own host. */
  publicUrl: string;
  bodyLimitBytes: number;
}

/** Mounted at /soap: the WSDL at GET /soap/reporting?wsdl, the service at POST /soap/reporting. */
export const SOAP_MOUNT = '/soap';
const PATH = '/reporting';
const operationNames = new Set(reportingOperations.map((o) => o.name));

/**
 * The SOAP reporting API on the `soap` package. Before the package sees a
 * request, this edge reads the envelope, refuses unknown operations and
 * checks the credentials (WS-Security UsernameToken PasswordText or HTTP
 * Basic, against the admin accounts), each with a clear SOAP Fault; the
 * package then parses the arguments against the WSDL and writes the answer.
 */
export async function createSoapReportingRouter(deps: SoapReportingDeps): Promise<Router> {
  const log = deps.log.child({ module: 'soap' });
  const router = express.Router();
  const principals = new WeakMap<Request, SoapPrincipal>();
  const handlers = { ...createReportHandlers(deps), ...createAdminHandlers(deps) };
  const wsdlByBase = new Map<string, string>();

  function sendFault(res: Response, fault: SoapFault, operation?: string, logged = false): void {
    if (!logged) log.info({ operation, fault: fault.code }, fault.faultstring);
    if (fault.httpStatus === 401) res.setHeader('WWW-Authenticate', 'Basic realm="Tollgate SOAP", charset="UTF-8"');
    if (fault.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(fault.retryAfterSeconds));
    res.status(fault.httpStatus).type('text/xml; charset=utf-8').send(renderFault(fault));
  }

  router.get(PATH, (req, res) => {
    if (!Object.keys(req.query).some((k) => k.toLowerCase() === 'wsdl')) {
      res
        .status(405)
        .setHeader('Allow', 'POST')
        .type('text/plain')
        .send('POST SOAP 1.1 requests here; the WSDL is at ?wsdl\n');
      return;
    }
    const base = (deps.publicUrl || `${req.protocol}://${req.get('host') ?? 'localhost'}`).replace(/\/+$/, '');
    let wsdl = wsdlByBase.get(base);
    if (!wsdl) {
      wsdl = buildReportingWsdl(`${base}${SOAP_MOUNT}${PATH}`);
      if (wsdlByBase.size < 16) wsdlByBase.set(base, wsdl);
    }
    res.type('text/xml; charset=utf-8').send(wsdl);
  });

  router.post(PATH, express.raw({ type: () => true, limit: deps.bodyLimitBytes }), async (req, res, next) => {
    const xml = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const namespace = envelopeNamespaceOf(xml);
    if (namespace && namespace !== ENVELOPE_NS) {
      sendFault(res, versionMismatchFault(namespace));
      return;
    }
    let head;
    try {
      head = readSoapRequestHead(xml, req.get('soapaction'));
    } catch (err) {
      sendFault(res, faultFromError(err));
      return;
    }
    const { operation, action } = head;
    if (!operationNames.has(operation)) {
      sendFault(
        res,
        clientFault(
          'UNKNOWN_OPERATION',
          `Unknown operation "${operation}": the reporting API has ${[...operationNames].join(', ')}`,
        ),
        operation,
      );
      return;
    }
    if (action && action !== operation && action !== 'wsdl') {
      sendFault(
        res,
        clientFault('BAD_INPUT', `Bad argument: the SOAPAction names "${action}" but the Body holds "${operation}"`),
        operation,
      );
      return;
    }
    const credentials = head.usernameToken ?? readBasicCredentials(req.get('authorization'));
    if (head.usernameToken?.passwordType === 'digest') {
      sendFault(
        res,
        faultFromError(
          new AuthenticationError(
            'WS-Security PasswordDigest cannot be checked against hashed passwords: send ' +
              'PasswordText (over HTTPS) or use HTTP Basic',
          ),
        ),
        operation,
      );
      return;
    }
    if (!credentials) {
      sendFault(
        res,
        faultFromError(
          new AuthenticationError(
            'Authentication required: a WS-Security UsernameToken or HTTP Basic credentials of a ' +
              'Tollgate admin account',
          ),
        ),
        operation,
      );
      return;
    }
    const address = req.ip ?? req.socket.remoteAddress ?? '';
    const who = { operation, account: credentials.username, address };
    try {
      await deps.signIn.assertAllowed(credentials.username, address);
    } catch (err) {
      if (!(err instanceof SignInLockedError)) throw err;
      log.warn({ ...who, retryAfterSeconds: err.retryAfterSeconds }, 'SOAP sign-in refused: too many failures');
      sendFault(res, faultFromError(err), operation, true);
      return;
    }
    const account = await deps.accounts.verify(credentials.username, credentials.password);
    if (!account) {
      await deps.signIn.recordFailure(credentials.username, address);
      log.warn(who, 'SOAP sign-in failed: invalid username or password');
      sendFault(res, faultFromError(new AuthenticationError('Invalid username or password')), operation, true);
      return;
    }
    await deps.signIn.recordSuccess(credentials.username, address);
    principals.set(req, { username: account.username, role: account.role, departments: account.departments, address });
    // The body names the operation; the package would trip over a SOAPAction it cannot match.
    delete req.headers.soapaction;
    next();
  });

  const wrap = (name: OperationName) => (raw: unknown, _callback: unknown, _headers: unknown, req: Request) => {
    const started = performance.now();
    const principal = principals.get(req);
    return (async () => {
      if (!principal) throw new AuthenticationError();
      const args = parseOperationArgs(name, raw) as never;
      const answer = await (handlers[name] as (a: never, p: SoapPrincipal) => Promise<unknown>)(args, principal);
      log.info({ operation: name, user: principal.username, ms: Math.round(performance.now() - started) }, 'soap call');
      return answer;
    })().catch((err: unknown) => {
      const fault = faultFromError(err);
      if (fault.faultcode === 'soap:Server' && fault.code !== 'UNAVAILABLE')
        log.error({ err, operation: name, user: principal?.username }, 'soap call failed');
      else log.info({ operation: name, user: principal?.username, fault: fault.code }, fault.faultstring);
      throw soapPackageFault(fault);
    });
  };
  const port = Object.fromEntries([...operationNames].map((name) => [name, wrap(name as OperationName)]));

  // A body over the limit is refused by express.raw before any SOAP is read: answer it as a SOAP Client Fault too.
  // HTTP-level refusals keep their status (413), as refused credentials keep 401; faults from processing get 500.
  router.use(PATH, (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if ((err as { type?: string } | null)?.type !== 'entity.too.large') {
      next(err);
      return;
    }
    sendFault(
      res,
      clientFault(
        'PAYLOAD_TOO_LARGE',
        `The request body is larger than the ${deps.bodyLimitBytes} bytes this service accepts`,
        413,
      ),
    );
  });

  const { listen } = await soapLibrary.load();
  await new Promise<void>((resolve, reject) => {
    listen(
      router as never,
      {
        path: PATH,
        services: { [REPORTING_SERVICE]: { [REPORTING_PORT]: port } },
        xml: buildReportingWsdl(`http://localhost${SOAP_MOUNT}${PATH}`),
        suppressStack: true,
        callback: (err: unknown) =>
          err ? reject(err instanceof Error ? err : new BadInputError(String(err))) : resolve(),
      } as never,
    );
  });
  return router;
}

/**
 * The SOAP router, built when it is first needed: at the daemon's start (`ready`), or at the first request to
 * it when nothing started it (a composed Tollgate in tests). A CLI command never loads the `soap` library.
 */
export function deferSoapReportingRouter(deps: SoapReportingDeps): { router: RequestHandler; ready(): Promise<void> } {
  // Built once; a failed build is tried again by the next request (lazyModule's load).
  const built = lazyModule('the SOAP router', () => createSoapReportingRouter(deps));
  return {
    router: (req, res, next) => {
      built.load().then((router) => router(req, res, next), next);
    },
    ready: async () => void (await built.load()),
  };
}
