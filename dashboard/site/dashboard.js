// adstream live campaign dashboard: polls the read API every few seconds and draws uPlot charts.
// config.json says where the API is and how to sign in: locally nothing (loopback only); in AWS a Cognito
// user pool, through the authorization-code flow with PKCE, whose access token goes to the API as a Bearer.
"use strict";

const REFRESH_MS = 5000;
// One request per refresh whatever the range: hour series come from the hour items the processor rolls
// up (24 per day and shard), so a week or a month by hour costs the API about what a day by minute did.
const RANGES = {
  "1h": { ms: 3600e3, granularity: "minute" },
  "6h": { ms: 6 * 3600e3, granularity: "minute" },
  "24h": { ms: 24 * 3600e3, granularity: "hour" },
  "7d": { ms: 7 * 24 * 3600e3, granularity: "hour" },
  "30d": { ms: 30 * 24 * 3600e3, granularity: "hour" },
};
const $ = (id) => document.getElementById(id);
const state = { config: null, token: null, campaign: null, currencies: {}, charts: {}, refreshes: 0 };

const int = new Intl.NumberFormat("en-US");
const money = (micros, currency) => micros == null ? "–"
  : (micros / 1e6).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + (currency ? " " + currency : "");
const percent = (ratio) => ratio == null ? "–" : (ratio * 100).toFixed(2) + " %";

// ---- sign-in (Cognito hosted UI, authorization code + PKCE) ----
const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

async function signIn(auth) {
  const params = new URLSearchParams(location.search);
  if (params.has("code")) {
    const body = new URLSearchParams({
      grant_type: "authorization_code", client_id: auth.clientId, code: params.get("code"),
      redirect_uri: auth.redirectUri, code_verifier: sessionStorage.getItem("pkce") || "",
    });
    const res = await fetch(`https://${auth.domain}/oauth2/token`, { method: "POST", body });
    if (!res.ok) throw new Error(`sign-in failed (${res.status})`);
    const tokens = await res.json();
    sessionStorage.setItem("token", tokens.access_token);
    sessionStorage.setItem("token_expires", String(Date.now() + (tokens.expires_in - 60) * 1000));
    history.replaceState(null, "", auth.redirectUri);
  }
  const token = sessionStorage.getItem("token");
  if (token && Number(sessionStorage.getItem("token_expires")) > Date.now()) return token;
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  sessionStorage.setItem("pkce", verifier);
  const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  location.assign(`https://${auth.domain}/oauth2/authorize?` + new URLSearchParams({
    response_type: "code", client_id: auth.clientId, redirect_uri: auth.redirectUri, scope: auth.scope,
    code_challenge_method: "S256", code_challenge: challenge,
  }));
  return new Promise(() => {}); // navigating away
}

async function api(path) {
  const headers = state.token ? { Authorization: `Bearer ${state.token}` } : {};
  const res = await fetch(state.config.apiBase + path, { headers });
  if (res.status === 401 && state.config.auth.type === "cognito") {
    sessionStorage.removeItem("token");
    state.token = await signIn(state.config.auth);
  }
  const body = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${body.message || ""}`);
  return body;
}

// ---- data ----
async function allCampaigns() {
  let page = await api("/v1/campaigns?limit=500");
  const campaigns = [...page.campaigns];
  for (let i = 0; page.next_cursor && i < 20; i++) {
    page = await api(`/v1/campaigns?limit=500&cursor=${encodeURIComponent(page.next_cursor)}`);
    campaigns.push(...page.campaigns);
  }
  return campaigns;
}

function renderCampaigns(campaigns) {
  const picker = $("campaign");
  const ids = campaigns.map((c) => c.campaign_id);
  if (!state.campaign || !ids.includes(state.campaign)) {
    const busiest = [...campaigns].sort((a, b) => b.today.impressions - a.today.impressions)[0];
    state.campaign = new URLSearchParams(location.search).get("campaign") || (busiest && busiest.campaign_id);
  }
  if (picker.options.length !== ids.length || ids.some((id, i) => picker.options[i].value !== id)) {
    picker.replaceChildren(...campaigns.map((c) => new Option(c.name ? `${c.campaign_id} · ${c.name}` : c.campaign_id, c.campaign_id)));
  }
  picker.value = state.campaign || "";
  const rows = campaigns.map((c) => {
    state.currencies[c.campaign_id] = c.currency;
    const tr = document.createElement("tr");
    tr.dataset.campaign = c.campaign_id;
    if (c.campaign_id === state.campaign) tr.className = "selected";
    for (const text of [c.campaign_id, int.format(c.today.impressions), int.format(c.today.clicks),
      money(c.today.cost_micros, c.currency), int.format(c.today.conversions)]) {
      tr.appendChild(document.createElement("td")).textContent = text;
    }
    tr.addEventListener("click", () => pick(c.campaign_id));
    return tr;
  });
  $("campaigns").tBodies[0].replaceChildren(...rows);
}

function kpi(id, value, text) {
  const out = $(id);
  out.dataset.value = value == null ? "" : String(value);
  out.textContent = text;
}

function renderMetrics(m) {
  const t = m.totals, currency = state.currencies[m.campaign_id];
  const section = $("kpis");
  section.dataset.campaign = m.campaign_id;
  section.dataset.from = m.from;
  section.dataset.to = m.to;
  section.dataset.granularity = m.granularity;
  kpi("kpi-impressions", t.impressions, int.format(t.impressions));
  kpi("kpi-clicks", t.clicks, int.format(t.clicks));
  kpi("kpi-ctr", t.ctr, percent(t.ctr));
  kpi("kpi-spend", t.cost_micros, money(t.cost_micros, currency));
  kpi("kpi-conversions", t.conversions, int.format(t.conversions));
  kpi("kpi-cpa", t.cpa_micros, money(t.cpa_micros, currency));
  kpi("kpi-invalid-clicks", t.invalid_clicks, int.format(t.invalid_clicks));
  const x = m.points.map((p) => Date.parse(p.start) / 1000);
  draw("chart-traffic", [x, m.points.map((p) => p.impressions), m.points.map((p) => p.clicks)],
    [{ label: "impressions", stroke: "#3465a4" }, { label: "clicks", stroke: "#f57900" }]);
  draw("chart-spend", [x, m.points.map((p) => p.cost_micros / 1e6)], [{ label: "spend", stroke: "#4e9a06", fill: "#4e9a0622" }]);
  draw("chart-conversions", [x, m.points.map((p) => p.conversions)], [{ label: "conversions", stroke: "#75507b", paths: uPlot.paths.stepped({ align: 1 }) }]);
}

function draw(id, data, series) {
  const el = $(id);
  const width = Math.max(300, el.clientWidth || 600);
  let chart = state.charts[id];
  if (!chart || chart.series.length !== series.length + 1) {
    if (chart) chart.destroy();
    chart = state.charts[id] = new uPlot({ width, height: 180, series: [{}, ...series.map((s) => ({ width: 2, ...s }))], axes: [{}, { size: 60 }] }, data, el);
  } else {
    chart.setData(data);
  }
}

function renderAlerts(alerts) {
  const items = alerts.map((a) => {
    const li = document.createElement("li");
    li.className = a.severity;
    li.textContent = `${a.raised_at.slice(11, 19)} ${a.rule} · ${a.severity} · ${a.campaign_id || a.subject}`;
    li.title = JSON.stringify(a.evidence);
    return li;
  });
  if (!items.length) {
    const li = document.createElement("li");
    li.className = "empty";
    li.textContent = "no alerts";
    items.push(li);
  }
  $("alerts").replaceChildren(...items);
}

async function refresh() {
  try {
    renderCampaigns(await allCampaigns());
    const range = RANGES[$("range").value];
    const since = new Date(Date.now() - 24 * 3600e3).toISOString();
    const [metrics, alerts] = await Promise.all([
      state.campaign
        ? api(`/v1/campaigns/${encodeURIComponent(state.campaign)}/metrics?granularity=${range.granularity}&from=${new Date(Date.now() - range.ms).toISOString()}`)
        : null,
      api(`/v1/alerts?since=${since}&limit=100`),
    ]);
    if (metrics && metrics.campaign_id === state.campaign) renderMetrics(metrics);
    renderAlerts(alerts.alerts);
    $("status").className = "";
    $("status").textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    $("status").className = "error";
    $("status").textContent = e.message;
  } finally {
    document.body.dataset.refreshes = String(++state.refreshes);
  }
}

function pick(campaign) {
  state.campaign = campaign;
  refresh();
}

async function main() {
  state.config = await (await fetch("config.json")).json();
  if (state.config.auth.type === "cognito") state.token = await signIn(state.config.auth);
  $("campaign").addEventListener("change", (e) => pick(e.target.value));
  $("range").addEventListener("change", refresh);
  await refresh();
  setInterval(refresh, REFRESH_MS);
}

main().catch((e) => { $("status").className = "error"; $("status").textContent = e.message; });
