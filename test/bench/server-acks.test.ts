import { describe, expect, it } from 'vitest';
import { serverAcks } from '../../bench/server-acks.ts';

// What the bench reads off the server's /metrics to tell a slow server from a starved load generator.
const EXPOSITION = [
  '# TYPE pulse_chat_ack_duration_seconds histogram',
  'pulse_chat_ack_duration_seconds_bucket{le="0.005",platform="slack"} 90',
  'pulse_chat_ack_duration_seconds_bucket{le="0.01",platform="slack"} 99',
  'pulse_chat_ack_duration_seconds_bucket{le="0.05",platform="slack"} 100',
  'pulse_chat_ack_duration_seconds_bucket{le="+Inf",platform="slack"} 100',
  'pulse_chat_ack_duration_seconds_bucket{le="0.005",platform="teams"} 1',
  'pulse_chat_ack_duration_seconds_bucket{le="+Inf",platform="teams"} 1',
  '# TYPE nodejs_eventloop_lag_p99_seconds gauge',
  'nodejs_eventloop_lag_p99_seconds 0.0123',
].join('\n');

describe('serverAcks', () => {
  it("reads the platform's ack quantiles by bucket and the event loop's p99 delay", () => {
    expect(serverAcks(EXPOSITION)).toEqual({ n: 100, p50UpToMs: 5, p99UpToMs: 10, loopDelayP99Ms: 12.3 });
    expect(serverAcks(EXPOSITION, 'teams')).toMatchObject({ n: 1, p99UpToMs: 5 });
  });

  it('says nothing when the histogram is absent, and leaves out a delay that is not exposed', () => {
    expect(serverAcks('nodejs_eventloop_lag_p99_seconds 0.5')).toBeUndefined();
    expect(serverAcks(EXPOSITION.split('\n').slice(0, 5).join('\n'))).toEqual({ n: 100, p50UpToMs: 5, p99UpToMs: 10 });
  });
});
