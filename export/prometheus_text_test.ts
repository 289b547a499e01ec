import assert from "node:assert/strict";
import { prometheusText } from "./prometheus_text.ts";

Deno.test("prometheusText() writes HELP, TYPE and one line per sample", () => {
  const text = prometheusText([
    {
      name: "demo_packets_total",
      help: "Packets seen.",
      type: "counter",
      samples: [
        { labels: { protocol: "tcp" }, value: 3 },
        { labels: { protocol: "udp" }, value: 0 },
      ],
    },
    { name: "demo_up", help: "Up.", type: "gauge", samples: [{ value: 1 }] },
  ]);
  assert.equal(
    text,
    "# HELP demo_packets_total Packets seen.\n# TYPE demo_packets_total counter\n" +
      'demo_packets_total{protocol="tcp"} 3\ndemo_packets_total{protocol="udp"} 0\n' +
      "# HELP demo_up Up.\n# TYPE demo_up gauge\ndemo_up 1\n",
  );
});

Deno.test("prometheusText() escapes label values and help text as the format says", () => {
  const text = prometheusText([{
    name: "demo_info",
    help: "back\\slash\nnewline",
    type: "gauge",
    samples: [{ labels: { source: 'C:\\cap "x"\nnext' }, value: 1 }],
  }]);
  assert.match(text, /^# HELP demo_info back\\\\slash\\nnewline$/m);
  assert.match(text, /^demo_info\{source="C:\\\\cap \\"x\\"\\nnext"\} 1$/m);
});

Deno.test("prometheusText() names NaN and infinities as Prometheus parses them", () => {
  const text = prometheusText([{
    name: "demo",
    help: "x",
    type: "gauge",
    samples: [{ labels: { a: "1" }, value: NaN }, { labels: { a: "2" }, value: Infinity }],
  }]);
  assert.match(text, /demo\{a="1"\} NaN\ndemo\{a="2"\} \+Inf\n/);
});

Deno.test("prometheusText() refuses invalid metric and label names", () => {
  assert.throws(
    () => prometheusText([{ name: "9bad", help: "", type: "gauge", samples: [] }]),
    RangeError,
  );
  assert.throws(() =>
    prometheusText([{
      name: "ok",
      help: "",
      type: "gauge",
      samples: [{ labels: { "bad-name": "x" }, value: 1 }],
    }]), RangeError);
});
