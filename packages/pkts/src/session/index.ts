// Session: the observed TCP state machine with connection statistics, and request/response matching.
export {
  type DnsEvent,
  type DnsHeader,
  DnsSession,
  endpointText,
  parseDnsHeader,
} from './dns.js';
export {
  type Exchange,
  type PendingRequest,
  type RequestResponseOptions,
  RequestResponseSession,
} from './request-response.js';
export { isClosed, observeSegment, TcpEndpoint, type TcpEndpointState } from './tcp-state.js';
export {
  type TcpDirectionStats,
  TcpSession,
  type TcpSessionListener,
  TcpSessionTracker,
} from './tcp-tracker.js';
