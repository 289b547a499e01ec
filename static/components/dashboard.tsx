/** @jsxImportSource npm:preact@10 */
/**
 * The page: top bar, header strip and panels, fed by one DashboardStore. Theme, units and the
 * selected time range are view settings kept here; the store owns everything from the server.
 */

import { useEffect, useLayoutEffect, useMemo, useState } from "../deps.ts";
import { captureSpanMs, type DashboardStore } from "../lib/dashboard_store.ts";
import type { RateUnit } from "../lib/rate_units.ts";
import {
  applyThemeChoice,
  chartColors,
  loadThemeChoice,
  onSystemThemeChange,
  type ThemeChoice,
} from "../lib/theme.ts";
import { useStore } from "../lib/use_store.ts";
import { readUrlState, writeUrlState } from "../lib/url_state.ts";
import { ConnectionBadge } from "./connection_badge.tsx";
import { ConversationsPanel } from "./conversations_panel.tsx";
import { HeaderStrip } from "./header_strip.tsx";
import { CollectorTile } from "./collector_tile.tsx";
import { InterfaceSwitch } from "./interface_switch.tsx";
import { statsForInterface, switchableInterfaces } from "../lib/interface_view.ts";
import { useInterfaceSeries } from "../lib/use_interface_series.ts";
import { NamesPanel } from "./names_panel.tsx";
import { PacketsPanel } from "./packets_panel.tsx";
import { ProcessesPanel } from "./processes_panel.tsx";
import { PacketSizesPanel } from "./packet_sizes_panel.tsx";
import { PlacesPanel } from "./places_panel.tsx";
import { ProtocolPanel } from "./protocol_panel.tsx";
import { ProtocolTree } from "./protocol_tree.tsx";
import type { TimeRange } from "./rate_chart.tsx";
import { SiteFooter } from "./site_footer.tsx";
import { StatusBanner } from "./status_banner.tsx";
import { TimelinePanel } from "./timeline_panel.tsx";
import { Toolbar } from "./toolbar.tsx";
import { TopHostsPanel } from "./top_hosts_panel.tsx";
import { TopPortsPanel } from "./top_ports_panel.tsx";
import { WhenVisible } from "./when_visible.tsx";
import { AlertCounts } from "./alert_counts.tsx";
import { AlertsPanel } from "./alerts_panel.tsx";
import { alertMarkers } from "../lib/alert_markers.ts";
import { scopeFilter } from "../lib/alert_scope.ts";
import { useAlerts } from "../lib/use_alerts.ts";

export function Dashboard({ store }: { store: DashboardStore }) {
  const view = useStore(store);
  const alerts = useAlerts(store.alerts);
  const markers = useMemo(() => alertMarkers(alerts.alerts), [alerts.alerts]);
  // An alert's subject typed into the conversations filter (a new seq applies it again).
  const [scope, setScope] = useState<{ text: string; seq: number } | null>(null);
  const [unit, setUnit] = useState<RateUnit>("bits");
  const [theme, setTheme] = useState<ThemeChoice>(loadThemeChoice);
  const [systemTheme, setSystemTheme] = useState(0);
  // Capturing on several interfaces: the one the header and top hosts show (null: all).
  const [iface, setIface] = useState<string | null>(null);
  // The view a link carries (lib/url_state.ts); each change below is written back to it.
  const [linked] = useState(readUrlState);
  const [range, setRange] = useState<TimeRange | null>(linked.range ?? null);
  // A country picked on the map: top hosts show its hosts, conversations get its filter.
  const [country, setCountry] = useState<string | null>(linked.country ?? null);
  useEffect(() => writeUrlState({ range, country }), [range, country]);
  const scopeTo = (text: string) => {
    setScope((s) => ({ text, seq: (s?.seq ?? 0) + 1 }));
    document.getElementById("conversations")?.scrollIntoView({ block: "start" });
  };
  // Canvas colors come from the CSS variables of whichever theme is in force.
  const colors = useMemo(chartColors, [theme, systemTheme]);

  useEffect(() => {
    if (linked.window) store.setWindow(linked.window);
    store.start();
    return () => store.close();
  }, [store]);
  useEffect(
    () =>
      onSystemThemeChange(() => {
        applyThemeChoice(theme);
        setSystemTheme((n) => n + 1);
      }),
    [theme],
  );
  // Children's layout effects (chart updates) have run: the update is on screen.
  useLayoutEffect(() => store.timer.end());

  const live = view.live;
  const shown = live ? statsForInterface(live.stats, iface) : undefined;
  // One interface chosen: its own series; else the stream's (or the long window's) combined one.
  const oneSeries = useInterfaceSeries(iface, view.window.query, live?.seq ?? 0);
  const series = iface !== null
    ? oneSeries
    : view.window.resolutionMs === 1000
    ? live?.series ?? null
    : view.longSeries;
  return (
    <div class="app">
      <header class="topbar">
        <h1>
          <span class="logo" aria-hidden="true" />wirescope
        </h1>
        <ConnectionBadge
          stream={view.stream}
          capture={live?.stats.capture ?? null}
          paused={view.paused}
          meta={live?.stats.meta}
          packets={live?.stats.packets}
        />
        {live && (
          <InterfaceSwitch
            names={switchableInterfaces(live.stats)}
            selected={iface}
            onSelect={setIface}
          />
        )}
        <Toolbar
          canPause={live?.stats.capture.state !== "ended"}
          paused={view.paused}
          onPause={(p) => store.setPaused(p)}
          unit={unit}
          onUnit={setUnit}
          theme={theme}
          onTheme={(t) => {
            applyThemeChoice(t);
            setTheme(t);
          }}
        />
      </header>
      <StatusBanner view={view} />
      {live && (
        <>
          <HeaderStrip stats={shown ?? live.stats} unit={unit}>
            <CollectorTile collector={live.stats.collector} />
            <AlertCounts summary={alerts.summary} />
          </HeaderStrip>
          <main class="grid">
            <TimelinePanel
              series={series}
              window={view.window}
              onWindow={(id) => {
                store.setWindow(id);
                writeUrlState({ window: id });
              }}
              unit={unit}
              colors={colors}
              range={range}
              onRange={setRange}
              seriesError={view.seriesError}
              file={live.stats.meta.sourceKind === "file"}
              spanMs={captureSpanMs(live.stats)}
              markers={markers}
              keep={live.stats.keep}
            />
            <AlertsPanel
              store={store.alerts}
              view={alerts}
              onScope={(alert) => scopeTo(scopeFilter(alert.subject))}
            />
            <WhenVisible>
              <ProtocolPanel stats={live.stats} colors={colors} />
            </WhenVisible>
            <WhenVisible>
              <ProtocolTree hierarchy={live.stats.hierarchy} />
            </WhenVisible>
            <WhenVisible>
              <TopPortsPanel ports={live.stats.topPorts} />
            </WhenVisible>
            <WhenVisible>
              <PacketSizesPanel lengths={live.stats.packetLengths} />
            </WhenVisible>
            <WhenVisible>
              <TopHostsPanel
                stats={shown ?? live.stats}
                country={country}
                onClearCountry={() => setCountry(null)}
              />
            </WhenVisible>
            {live.stats.processes?.available && (
              <WhenVisible>
                <ProcessesPanel processes={live.stats.processes} unit={unit} />
              </WhenVisible>
            )}
            <WhenVisible>
              <NamesPanel stats={live.stats} />
            </WhenVisible>
            <WhenVisible>
              <PlacesPanel
                stats={live.stats}
                colors={colors}
                onCountry={(code) => {
                  setCountry(code);
                  scopeTo(`country ${code}`);
                }}
              />
            </WhenVisible>
            <WhenVisible>
              <ConversationsPanel live={live} range={range} unit={unit} preset={scope} />
            </WhenVisible>
            <WhenVisible>
              <PacketsPanel live={live} range={range} />
            </WhenVisible>
          </main>
        </>
      )}
      <SiteFooter />
    </div>
  );
}
