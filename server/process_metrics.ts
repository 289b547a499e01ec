/**
 * The `process_*` metrics every Prometheus client library exports (the names node_exporter's
 * dashboards and alerts expect): CPU seconds, memory, start time, file descriptors. On Linux
 * from /proc/self; elsewhere only what Deno itself knows.
 */
import type { MetricFamily } from "../export/prometheus_text.ts";

/** Kernel clock ticks per second in /proc (USER_HZ): 100 on every Linux architecture. */
const USER_HZ = 100;
/** /proc/self/stat fields after the command name, counted from 3 (state) as proc(5) does. */
const STAT_UTIME = 14;
const STAT_STIME = 15;
const STAT_VSIZE = 23;

function gauge(name: string, help: string, value: number): MetricFamily {
  return { name, help, type: "gauge", samples: [{ value }] };
}

export function processMetrics(): MetricFamily[] {
  const families: MetricFamily[] = [
    gauge(
      "process_resident_memory_bytes",
      "Resident memory size in bytes.",
      Deno.memoryUsage().rss,
    ),
    gauge(
      "process_start_time_seconds",
      "Start time of the process since the Unix epoch in seconds.",
      Math.floor(performance.timeOrigin / 1000),
    ),
  ];
  if (Deno.build.os !== "linux") return families;
  try {
    const stat = Deno.readTextFileSync("/proc/self/stat");
    // The command name may hold spaces and parentheses: fields start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const field = (n: number) => Number(fields[n - 3]);
    families.push({
      name: "process_cpu_seconds_total",
      help: "Total user and system CPU time spent in seconds.",
      type: "counter",
      samples: [{ value: (field(STAT_UTIME) + field(STAT_STIME)) / USER_HZ }],
    });
    families.push(
      gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", field(STAT_VSIZE)),
    );
    let open = 0;
    for (const _ of Deno.readDirSync("/proc/self/fd")) open++;
    families.push(gauge("process_open_fds", "Number of open file descriptors.", open));
    const limit = /^Max open files\s+(\d+)/m.exec(Deno.readTextFileSync("/proc/self/limits"));
    if (limit) {
      families.push(
        gauge("process_max_fds", "Maximum number of open file descriptors.", Number(limit[1])),
      );
    }
  } catch {
    // /proc unreadable (a sandbox): the metrics Deno knows are still there.
  }
  return families;
}
