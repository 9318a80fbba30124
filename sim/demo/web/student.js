/* The student's page of cogov serve --class: join with the code, then see
 * one resident and decide for it (POST api/decide). */
"use strict";
const T = {
  en: { title: "You are a resident", joinhelp: "Type the join code shown on the projector.",
    join: "Join", matters: "Your matters", decide: "Your decisions (from tomorrow)",
    who: (m) => `Resident ${m.resident}, building ${m.building + 1} of community ${m.community + 1} (day ${m.day})`,
    trust_gov: "trust in government", trust_com: "trust in the community",
    satisfaction: "satisfaction", efficacy: "efficacy", taking_part: "taking part",
    volunteer: "volunteer", neighbours: "neighbours taking part",
    meeting: "at your building's meeting", fund: "community fund (yuan)",
    agenda: "matters on the community's agenda",
    none: "no matters now",
    report: "Report my matters", vol: "Volunteer this week", attend: "Attend the deliberation",
    vote: "Vote for this week's agenda", project: "Micro-project vote: my domain",
    yes: "yes", no: "no", auto: "as the model would", reported: "reported", held: "not reported",
    days: "days", sev: "severity", notriage: "(no deliberation in this district)" },
  zh: { title: "你是一位居民", joinhelp: "请输入投影上显示的加入码。",
    join: "加入", matters: "你的事务", decide: "你的决定（明天起生效）",
    who: (m) => `居民 ${m.resident}，第 ${m.community + 1} 社区第 ${m.building + 1} 栋（第 ${m.day} 天）`,
    trust_gov: "对政府的信任", trust_com: "对社区的信任",
    satisfaction: "满意度", efficacy: "效能感", taking_part: "参与中",
    volunteer: "志愿者", neighbours: "参与的邻居",
    meeting: "本楼议事会到场", fund: "社区基金（元）",
    agenda: "社区议程上的事务",
    none: "目前没有事务",
    report: "上报我的事务", vol: "本周做志愿者", attend: "参加议事会",
    vote: "赞成本周议程", project: "微实事投票：我选的领域",
    yes: "是", no: "否", auto: "由模型决定", reported: "已上报", held: "未上报",
    days: "天", sev: "严重程度", notriage: "（本区没有议事会）" }
};
let lang = (navigator.language || "en").startsWith("zh") ? "zh" : "en";
let token = sessionStorage.getItem("cogov-token"), me = null;
const $ = (id) => document.getElementById(id);
const t = (k) => T[lang][k];

function texts() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.querySelectorAll("[data-t]").forEach((e) => { e.textContent = t(e.dataset.t); });
  $("lang").textContent = lang === "zh" ? "English" : "中文";
  if (me) show(me);
}

async function join() {
  const r = await fetch("api/join?code=" + encodeURIComponent($("code").value), { method: "POST" });
  const j = await r.json();
  if (j.error) { $("msg").textContent = j.error; return; }
  token = j.token; sessionStorage.setItem("cogov-token", token);
  poll();
}

async function decide(what, value) {
  const r = await fetch("api/decide?token=" + token + "&what=" + what +
                        "&value=" + encodeURIComponent(value), { method: "POST" });
  const j = await r.json();
  $("msg").textContent = j.error || "";
  poll();
}

function row(label, value) {
  const tr = document.createElement("tr");
  const a = document.createElement("td"); a.textContent = label;
  const b = document.createElement("td"); b.textContent = value;
  tr.append(a, b); return tr;
}

function choice(what, label, current) {
  const d = document.createElement("div"); d.className = "ctl";
  const l = document.createElement("div"); l.textContent = label; d.appendChild(l);
  ["yes", "no", "auto"].forEach((v) => {
    const b = document.createElement("button");
    b.textContent = t(v); b.dataset.what = what; b.dataset.value = v;
    if (v === current) b.className = "on";
    b.onclick = () => decide(what, v); d.appendChild(b);
  });
  return d;
}

function show(m) {
  $("join").hidden = true; $("me").hidden = false;
  document.body.dataset.joined = "1";
  $("who").textContent = t("who")(m);
  const st = $("state"); st.innerHTML = "";
  const f = (x) => x.toFixed(2);
  st.append(row(t("trust_gov"), f(m.trust_gov)), row(t("trust_com"), f(m.trust_com)),
    row(t("satisfaction"), f(m.satisfaction)), row(t("efficacy"), f(m.efficacy)),
    row(t("taking_part"), m.taking_part ? t("yes") : t("no")),
    row(t("volunteer"), m.volunteer ? t("yes") : t("no")),
    row(t("neighbours"), m.neighbours_taking_part + " / " + m.neighbours),
    row(t("meeting"), m.triage ? m.meeting_present + " / " + m.building_size +
        " (quorum " + Math.max(1, Math.ceil(m.quorum * m.building_size)) + ")" : t("notriage")),
    row(t("agenda"), m.agenda), row(t("fund"), m.fund));
  const ul = $("matters"); ul.innerHTML = "";
  if (!m.matters.length) { const li = document.createElement("li"); li.textContent = t("none"); ul.appendChild(li); }
  m.matters.forEach((x) => { const li = document.createElement("li");
    li.textContent = x.domain + " (" + x.scope + "), " + t("sev") + " " + x.severity +
      ", " + x.age + " " + t("days") + ", " + (x.reported ? t("reported") : t("held"));
    ul.appendChild(li); });
  const d = $("decisions"); d.innerHTML = "";
  d.append(choice("report", t("report"), m.choices.report),
    choice("volunteer", t("vol"), m.choices.volunteer),
    choice("attend", t("attend"), m.choices.attend),
    choice("vote", t("vote"), m.choices.vote));
  const p = document.createElement("div"); p.className = "ctl";
  const sel = document.createElement("select"); sel.id = "project";
  ["auto"].concat(m.domains).forEach((x) => { const o = document.createElement("option");
    o.value = x; o.textContent = x === "auto" ? t("auto") : x; sel.appendChild(o); });
  sel.value = m.choices.project; sel.onchange = () => decide("project", sel.value);
  p.append(t("project") + " ", sel); d.appendChild(p);
}

async function poll() {
  if (!token) return;
  const r = await fetch("api/me?token=" + token);
  if (r.status !== 200) { token = null; sessionStorage.removeItem("cogov-token");
    $("join").hidden = false; $("me").hidden = true; return; }
  me = await r.json(); show(me);
}

$("go").onclick = join;
$("lang").onclick = () => { lang = lang === "zh" ? "en" : "zh"; texts(); };
/* the projector's link (and a QR code of it) may carry the code */
const given = new URLSearchParams(location.search).get("code");
if (given && !token) { $("code").value = given; join(); }
texts(); poll(); setInterval(poll, 2000);
