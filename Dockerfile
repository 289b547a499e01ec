# wirescope as a network sensor: one container per host, watching the host's interfaces.
# README.md ("Containers") has the run lines; compose.yaml has the usual deployment.
#
#   docker build -t wirescope .
#   docker run -d --network host --cap-drop ALL --cap-add NET_RAW --cap-add NET_ADMIN wirescope
#
# (podman build --format docker keeps the health check, which the OCI format has no field for.)

# Any Debian-based image with `deno` on PATH; the official Deno image by default.
ARG BASE_IMAGE=docker.io/denoland/deno:debian-2.9.6

FROM ${BASE_IMAGE}

ARG WIRESCOPE_UID=10001

# libpcap from Debian. setcap is needed only here: the start-up helper (a copy of setpriv, see
# container/entrypoint.sh) gets the two capture capabilities as file capabilities, for runtimes
# that do not hand added capabilities to a non-root user.
RUN set -eu; \
  apt-get update; \
  apt-get install -y --no-install-recommends libpcap0.8 libcap2-bin; \
  command -v setpriv >/dev/null || apt-get install -y --no-install-recommends setpriv; \
  groupadd --gid "$WIRESCOPE_UID" wirescope; \
  useradd --uid "$WIRESCOPE_UID" --gid wirescope --home-dir /var/lib/wirescope \
    --no-create-home --shell /usr/sbin/nologin wirescope; \
  install -d -o wirescope -g wirescope -m 0750 /var/lib/wirescope; \
  install -d -m 0755 /usr/local/lib/wirescope; \
  install -o root -g wirescope -m 0750 "$(command -v setpriv)" \
    /usr/local/lib/wirescope/raise-capture-caps; \
  setcap cap_net_raw,cap_net_admin+p /usr/local/lib/wirescope/raise-capture-caps; \
  apt-get purge -y libcap2-bin; \
  apt-get clean; \
  rm -rf /var/lib/apt/lists/*

# XDG_STATE_HOME puts the history database's default place in the data volume.
ENV DENO_DIR=/var/cache/wirescope/deno \
    DENO_NO_UPDATE_CHECK=1 \
    DENO_NO_PROMPT=1 \
    XDG_STATE_HOME=/var/lib/wirescope

COPY . /opt/wirescope

# Compiled once here, as root: the running user reads the cache and cannot change it. The npm
# packages loaded on demand (the TOML parser, the mailer) are fetched now too, and the program
# runs with --cached-only: the container never fetches code. `deno cache` exits 0 even when a
# package could not be downloaded (an untrusted TLS certificate, say), so each one is then
# imported from the cache alone, and a missing one fails the build here instead of the start.
RUN set -eu; \
  cd /opt/wirescope; \
  deno cache --config deno.json main.ts capture/worker.ts; \
  deno eval --cached-only --config deno.json ' \
    const keep = new Set(); \
    let packages = {}; \
    for (const entry of ["main.ts", "capture/worker.ts"]) { \
      const info = new Deno.Command(Deno.execPath(), { args: ["info", "--json", entry] }); \
      const graph = JSON.parse(new TextDecoder().decode(info.outputSync().stdout)); \
      for (const { dependencies = [] } of graph.modules) { \
        for (const { specifier } of dependencies) { \
          if (specifier.startsWith("npm:")) await import(specifier); \
        } \
      } \
      packages = graph.npmPackages ?? {}; \
      const stack = graph.modules.filter((m) => m.kind === "npm").map((m) => m.npmPackage); \
      while (stack.length > 0) { \
        const id = stack.pop(); \
        if (keep.has(id) || !packages[id]) continue; \
        keep.add(id); \
        stack.push(...(packages[id].dependencies ?? [])); \
      } \
    } \
    /* The lockfile names every package of the tests and of the page build too (TypeScript, \
       Playwright, the map shapes: ~60 MB). Only those the program reaches stay in the cache, \
       and the lockfile keeps only them: deno run wants every package the lockfile names. */ \
    const wanted = new Set([...keep].map((id) => packages[id].localPath)); \
    const dirs = (dir) => [...Deno.readDirSync(dir)].filter((e) => e.isDirectory) \
      .map((e) => dir + "/" + e.name); \
    for (const top of dirs(Deno.env.get("DENO_DIR") + "/npm/registry.npmjs.org")) { \
      const names = top.split("/").pop().startsWith("@") ? dirs(top) : [top]; \
      for (const version of names.flatMap(dirs)) { \
        if (!wanted.has(version)) Deno.removeSync(version, { recursive: true }); \
      } \
    } \
    const lock = JSON.parse(Deno.readTextFileSync("deno.lock")); \
    lock.npm = Object.fromEntries(Object.entries(lock.npm ?? {}).filter(([id]) => keep.has(id))); \
    lock.specifiers = Object.fromEntries(Object.entries(lock.specifiers ?? {}).filter( \
      ([spec, version]) => \
        !spec.startsWith("npm:") || keep.has(spec.slice(4).replace(/@[^@]*$/, "") + "@" + version), \
    )); \
    Deno.writeTextFileSync("deno.lock", JSON.stringify(lock, null, 2) + "\n");'; \
  chmod -R a+rX,go-w "$DENO_DIR"

# The data volume: the database and `-w` files.
VOLUME /var/lib/wirescope
USER wirescope
EXPOSE 8787

# /healthz answers 200 whenever the server runs, on 127.0.0.1:8787 unless told otherwise (with
# --bind 0.0.0.0 too). Bound beyond loopback it wants the token: a 401 also shows it runs. A
# sensor on another --port, or serving only TLS, needs a health check of its own.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["deno", "eval", "const r = await fetch('http://127.0.0.1:8787/healthz'); Deno.exit(r.ok || r.status === 401 ? 0 : 1);"]

ENTRYPOINT ["/opt/wirescope/container/entrypoint.sh"]
