-- Prints one JSON line after a wrk run, for bench/pages.ts: requests,
-- seconds, non-2xx/3xx answers, socket errors and latency percentiles (ms).
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"non2xx":%d,"socketErrors":%d,"p50":%.2f,"p95":%.2f,"p99":%.2f}\n',
    summary.requests, summary.duration / 1e6, summary.errors.status, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
