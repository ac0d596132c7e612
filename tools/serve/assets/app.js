// ekssim serve: the workshop page. Plain script, no build step; it asks the JSON API only and
// never runs the simulation: every instant was recorded once, when the server started.
"use strict";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const run = params.get("s") || "0";
let timeline = null;
let now = 0;
let timer = null;
let selected = null; // {kind: "pod"|"node", key}
let failing = new Set(); // pods with a failure in the last minute before now
let drawn = null; // the cluster state drawn last (/api/state's "cluster")
// Errors are counted on the page itself, so that a headless test can read them from the DOM.
window.addEventListener("error", (e) => { document.body.dataset.errors = (document.body.dataset.errors || "") + e.message + "\n"; });
window.addEventListener("unhandledrejection", (e) => { document.body.dataset.errors = (document.body.dataset.errors || "") + e.reason + "\n"; });

function api(path, extra) {
  const q = new URLSearchParams(Object.assign({ s: run }, extra || {}));
  return fetch("/api/" + path + "?" + q).then((r) => {
    if (!r.ok && path === "explain") return r.text();  // the command's own message
    if (!r.ok) throw new Error(path + ": HTTP " + r.status);
    return r.headers.get("content-type").startsWith("application/json") ? r.json() : r.text();
  });
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// Virtual time as the report writes it: 5m4.768s, 450µs.
function fmt(s) {
  if (s > 0 && s < 0.001) return Math.round(s * 1e6) + "µs";
  if (s > 0 && s < 1) return Math.round(s * 1000) + "ms";
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
  const rest = +(s % 60).toFixed(3);
  return (h ? h + "h" : "") + (h || m ? m + "m" : "") + rest + "s";
}

function load() {
  api("timeline").then((t) => {
    timeline = t;
    $("title").textContent = t.scenario + " — seed " + t.seed;
    $("description").textContent = t.description;
    const sc = $("scrubber");
    sc.max = t.duration;
    sc.step = t.step;
    drawMarks();
    drawCauses();
    const start = params.has("t") ? parseFloat(params.get("t")) : 0;
    seek(start).then(() => {
      if (params.has("pod")) showPod(params.get("pod"));
      if (params.has("node")) showNode(params.get("node"));
    });
  });
}

function drawMarks() {
  const box = $("marks");
  box.textContent = "";
  for (const m of timeline.marks) {
    const d = el("div", "mark mark-" + m.category);
    d.style.left = (100 * m.t / timeline.duration) + "%";
    d.title = fmt(m.t) + "  " + m.label;
    d.addEventListener("click", () => seek(m.t));
    box.appendChild(d);
  }
}

function drawCauses() {
  const list = $("causes");
  list.textContent = "";
  if (timeline.causes.length === 0) list.appendChild(el("li", "muted", "none: nothing failed"));
  for (const c of timeline.causes) {
    const li = el("li");
    li.appendChild(el("div", "", c.failures + " " + c.kind + " failures [" + c.reason + "] from " + fmt(c.firstAt)));
    li.appendChild(el("div", "muted", c.cause));
    if (c.fix) li.appendChild(el("div", "fix", "fix: " + c.fix));
    li.title = "go to the first failure";
    li.addEventListener("click", () => {
      seek(c.firstAt);
      const [ns, name] = c.firstPod.split("/");
      if (ns && name) showPod(c.firstPod.split(" ")[0]);
    });
    list.appendChild(li);
  }
}

function seek(t) {
  now = Math.max(0, Math.min(timeline.duration, t));
  $("scrubber").value = now;
  $("clock").textContent = fmt(now);
  return api("state", { t: now }).then((s) => {
    failing = new Set(s.failing);
    drawVpc(s.cluster);
    document.body.dataset.instant = s.instant;
    drawEvents(s);
    if (selected && selected.kind === "node") showNode(selected.key);
    const groups = document.querySelector("#detail .pod-sgs");
    if (selected && selected.kind === "pod" && groups) groups.textContent = podGroups(selected.key);
  });
}

// "security groups: payments-pods, on branch ENI eni-…" for the pod at the time drawn.
function podGroups(key) {
  const p = drawn && drawn.pods.find((x) => x.ns + "/" + x.name === key);
  if (!p || !p.securityGroups) return "";
  return "security groups: " + p.securityGroups.join(", ") + (p.branchEni ? ", on branch ENI " + p.branchEni : ", on its node's ENI");
}

function drawVpc(c) {
  drawn = c;
  const vpc = $("vpc");
  vpc.textContent = "";
  const zones = [...new Set(c.subnets.map((s) => s.az))].sort();
  const podsOn = {};
  for (const p of c.pods) (podsOn[p.node] = podsOn[p.node] || []).push(p);
  for (const az of zones) {
    const zone = el("div", "az");
    zone.appendChild(el("h3", "", az));
    for (const s of c.subnets.filter((x) => x.az === az)) zone.appendChild(drawSubnet(s, c, podsOn));
    vpc.appendChild(zone);
  }
  const pending = podsOn[""] || [];
  if (pending.length) {
    const box = el("div", "unscheduled");
    box.appendChild(el("h3", "", "Not scheduled (" + pending.length + ")"));
    box.appendChild(drawPods(pending));
    vpc.appendChild(box);
  }
}

function drawSubnet(s, c, podsOn) {
  const box = el("div", "subnet");
  const head = el("div", "subnet-head");
  head.appendChild(el("span", "", s.name + "  " + s.cidr));
  const fill = el("div", "fill");
  const bar = el("div");
  bar.style.width = (100 * s.used / Math.max(1, s.usable)) + "%";
  fill.appendChild(bar);
  head.appendChild(fill);
  head.appendChild(el("span", "muted", s.used + " used, " + s.free + " free of " + s.usable));
  box.appendChild(head);
  const nodes = el("div", "nodes");
  for (const n of c.nodes.filter((x) => x.subnet === s.name)) nodes.appendChild(drawNode(n, podsOn[n.name] || []));
  box.appendChild(nodes);
  return box;
}

function drawNode(n, pods) {
  const box = el("div", "node " + n.ready + (selected && selected.key === n.name ? " selected" : ""));
  box.appendChild(el("div", "node-head", n.name));
  box.appendChild(el("div", "node-sub", n.group + " · " + n.type + " · " + (n.ready === "True" ? "Ready" : n.ready) + " · ENIs " + n.enis.length + "/" + n.maxEnis));
  for (const e of n.enis) {
    const row = el("div", "eni" + (e.trunk ? " trunk" : ""));
    row.appendChild(el("span", "", "eth" + e.device + (e.trunk ? " trunk" : "")));
    const cells = el("div", "cells");
    for (const cell of e.cells) {
      const d = el("span", "cell " + cell.state);
      d.title = (cell.ip || "free slot") + " " + cell.state + (cell.pod ? " → " + cell.pod : "");
      cells.appendChild(d);
    }
    row.appendChild(cells);
    row.title = e.id + " in " + e.subnet + " · " + e.securityGroups.join(", ");
    box.appendChild(row);
    if (e.trunk) box.appendChild(drawBranches(e));
  }
  box.appendChild(drawPods(pods));
  box.addEventListener("click", (ev) => { if (ev.target === box || !ev.target.classList.contains("pod")) showNode(n.name); });
  return box;
}

// A trunk's branch ENIs, one line each: the VLAN, the ENI, its address and the pod it carries
// (or that it cools down after its pod went), its security groups and subnet.
function drawBranches(trunk) {
  const list = el("div", "branches");
  if (trunk.branches.length === 0) list.appendChild(el("div", "branch-eni muted", "no branch ENI on " + trunk.id));
  for (const b of trunk.branches) {
    const line = el("div", "branch-eni" + (b.cooling ? " cooling" : ""));
    line.appendChild(el("span", "vlan", "vlan " + b.vlan));
    line.appendChild(el("span", "branch-id", b.id));
    line.appendChild(el("span", "", b.ip));
    line.appendChild(el("span", "branch-pod", b.cooling ? "cooling down" : b.pod));
    line.appendChild(el("span", "branch-sgs", b.securityGroups.join(", ")));
    line.appendChild(el("span", "muted", b.subnet));
    line.title = "branch ENI " + b.id + " on trunk " + trunk.id + " (vlan " + b.vlan + ")";
    list.appendChild(line);
  }
  return list;
}

function drawPods(pods) {
  const box = el("div", "pods");
  for (const p of pods) {
    const key = p.ns + "/" + p.name;
    const d = el("span", "pod " + p.phase + (p.reason || failing.has(key) ? " failing" : "") + (selected && selected.key === key ? " selected" : ""), p.name);
    d.title = key + " " + p.phase + (p.ip ? " " + p.ip : "") + (p.reason ? "\n" + p.reason + ": " + p.message : "") +
      (p.securityGroups ? "\nsecurity groups: " + p.securityGroups.join(", ") : "") + (p.branchEni ? " (branch ENI " + p.branchEni + ")" : "");
    d.addEventListener("click", (ev) => { ev.stopPropagation(); showPod(key); });
    box.appendChild(d);
  }
  return box;
}

function drawEvents(s) {
  const list = $("events");
  list.textContent = "";
  const recent = s.events.slice(-30);
  if (recent.length === 0) list.appendChild(el("li", "muted", "nothing between " + fmt(s.instant) + " and " + fmt(s.t)));
  for (const e of recent) {
    const f = e.fields;
    const who = f.pod ? f.namespace + "/" + f.pod : f.node || "";
    list.appendChild(el("li", "", fmt(e.t) + " " + e.kind + " " + who + (f.why ? " — " + f.why : "")));
  }
}

function entryClass(e) {
  if (/Failed|failed/.test(e.kind) || e.cause) return "entry bad";
  if (e.kind === "PodRunning" || e.kind === "DnsLookupSucceeded") return "entry good";
  return "entry";
}

function showPod(key) {
  selected = { kind: "pod", key: key };
  $("detail-title").textContent = "Pod " + key;
  const [ns, name] = key.split("/");
  return api("pod/" + ns + "/" + name).then((story) => {
    const box = $("detail");
    box.textContent = "";
    box.appendChild(el("div", "muted", "on " + (story.node || "no node") + (story.ip ? ", IP " + story.ip : "")));
    box.appendChild(el("div", "pod-sgs", podGroups(key)));
    box.appendChild(drawExplainButtons(key, story));
    for (const e of story.entries) box.appendChild(drawEntry(e));
  });
}

function drawEntry(e) {
  const d = el("div", entryClass(e));
  const when = el("span", "when", fmt(e.t) + (e.count > 1 ? " … " + fmt(e.until) + " (×" + e.count + ")" : "") + "  ");
  when.style.cursor = "pointer";
  when.addEventListener("click", () => seek(e.t));
  d.appendChild(when);
  d.appendChild(el("strong", "", e.title));
  if (e.detail) d.appendChild(el("div", "", e.detail));
  const said = /^Dns|^Connect/.test(e.kind) ? "the application sees: " : "";
  if (e.message) d.appendChild(el("div", "muted", said + e.message));
  if (e.walk) d.appendChild(drawWalk(e.walk));
  if (e.cause) d.appendChild(el("div", "", "why: " + e.cause));
  if (e.fix) d.appendChild(el("div", "fix", "fix: " + e.fix));
  return d;
}

// Hop by hop, as `ekssim explain` judges one new connection from the pod at the time shown.
function drawExplainButtons(key, story) {
  const bar = el("div", "explain");
  const out = el("pre", "explained");
  out.hidden = true;
  const targets = [{ label: "DNS path to kube-dns", to: "svc/kube-system/kube-dns:53", protocol: "udp" }];
  for (const t of story.traffic || []) {
    if (t.kind === "connect") targets.push({ label: "connect " + t.to, to: t.to, protocol: t.protocol });
  }
  for (const t of targets) {
    const b = el("button", "", "explain: " + t.label);
    b.addEventListener("click", () => {
      out.hidden = false;
      out.textContent = "…";
      api("explain", { from: "pod/" + key, to: t.to, protocol: t.protocol, at: Math.floor(now) + "s" })
        .then((text) => { out.textContent = text; })
        .catch((e) => { out.textContent = String(e); });
    });
    bar.appendChild(b);
  }
  bar.appendChild(out);
  return bar;
}

function drawWalk(w) {
  const wrap = el("div");
  wrap.appendChild(el("div", "muted", w.resolver + ", ndots " + w.ndots + ", search " + w.search.join(" ")));
  const table = el("table", "walk");
  for (const x of w.exchanges) {
    const tr = el("tr");
    for (const v of [x.candidate, "→ " + x.server, "try " + x.attempt, "waits " + fmt(x.wait), x.reply]) tr.appendChild(el("td", "", v));
    table.appendChild(tr);
  }
  wrap.appendChild(table);
  return wrap;
}

function showNode(name) {
  selected = { kind: "node", key: name };
  $("detail-title").textContent = "Node " + name;
  return api("node/" + name, { t: now }).then((n) => {
    const box = $("detail");
    box.textContent = "";
    box.appendChild(el("div", "muted", n.launched.nodeGroup + " · " + n.launched.instanceType + " · " + n.launched.availabilityZone + " · max pods " + n.launched.maxPods));
    box.appendChild(el("h3", "", "ipamd's pool"));
    box.appendChild(drawPoolChart(n.pool));
    const pool = el("ul");
    for (const p of n.pool) pool.appendChild(el("li", p.t <= now ? "" : "muted", fmt(p.t) + " " + p.what + ": " + p.enis + " ENIs, " + p.assigned + "/" + p.total + " assigned — " + p.why));
    box.appendChild(pool);
    box.appendChild(el("h3", "", "iptables" + (n.iptablesSince !== null ? " (as of " + fmt(n.iptablesSince) + ")" : "")));
    box.appendChild(el("pre", "", n.iptables || "not registered yet"));
  });
}

// The pool over the run as two step lines: addresses in the pool (yellow) and assigned (blue),
// with the time shown marked.
function drawPoolChart(pool) {
  const ns = "http://www.w3.org/2000/svg";
  const w = 480, h = 110, pad = 4;
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", w);
  svg.setAttribute("height", h);
  svg.setAttribute("class", "pool-chart");
  const top = Math.max(1, ...pool.map((p) => p.total));
  const x = (t) => pad + (w - 2 * pad) * t / timeline.duration;
  const y = (v) => h - pad - (h - 2 * pad) * v / top;
  const line = (key, colour) => {
    let d = "M" + x(0) + "," + y(0);
    let last = 0;
    for (const p of pool) { d += " H" + x(p.t) + " V" + y(p[key]); last = p[key]; }
    d += " H" + x(timeline.duration);
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", colour);
    path.setAttribute("stroke-width", "3");
    svg.appendChild(path);
    return last;
  };
  line("total", "#f2b233");
  line("assigned", "#2f6fde");
  const mark = document.createElementNS(ns, "line");
  for (const [k, v] of [["x1", x(now)], ["x2", x(now)], ["y1", 0], ["y2", h]]) mark.setAttribute(k, v);
  mark.setAttribute("stroke", "#1b2430");
  mark.setAttribute("stroke-dasharray", "4 3");
  svg.appendChild(mark);
  const wrap = el("div");
  wrap.appendChild(svg);
  wrap.appendChild(el("div", "muted", "yellow: addresses in the pool (up to " + top + "), blue: assigned to pods"));
  return wrap;
}

function step(delta) { return seek(now + delta * timeline.step); }
function jump(dir) {
  const marks = timeline.marks.map((m) => m.t);
  const t = dir > 0 ? marks.find((x) => x > now + 1e-6) : marks.reverse().find((x) => x < now - 1e-6);
  if (t !== undefined) seek(t);
}

$("scrubber").addEventListener("input", (e) => seek(parseFloat(e.target.value)));
$("step").addEventListener("click", () => step(1));
$("step-back").addEventListener("click", () => step(-1));
$("next").addEventListener("click", () => jump(1));
$("back").addEventListener("click", () => jump(-1));
$("play").addEventListener("click", () => {
  if (timer) { clearInterval(timer); timer = null; $("play").textContent = "play"; return; }
  $("play").textContent = "pause";
  timer = setInterval(() => { if (now >= timeline.duration) { clearInterval(timer); timer = null; } else step(1); }, 300);
});
load();
