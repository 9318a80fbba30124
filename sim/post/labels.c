/* English and Chinese labels of the outputs (see labels.h). One row per
 * metric: adding a metric to observe.c without a row here still plots it,
 * under its own name; tests/test_analysis.c checks that every metric of
 * observe.c has a row. */
#include <stdio.h>
#include <string.h>

#include "io/schema.h"
#include "post/labels.h"

#define P LABEL_PANEL
#define R LABEL_REPORT
#define C LABEL_COMMUNITY

const struct metric_label metric_labels[] = {
    {"matters_new", {"New matters", "新增事务"},
     {"matters raised", "新增事务"}, 0},
    {"matters_resolved", {"Resolved matters", "办结事务"},
     {"matters resolved", "办结事务"}, R},
    {"matters_open", {"Backlog", "积压事务"},
     {"open matters", "未办结事务"}, P | R | C},
    {"matters_unreported", {"Unreported matters", "未上报事务"},
     {"unreported matters", "未上报事务"}, 0},
    {"matters_abandoned", {"Abandoned matters", "放弃的事务"},
     {"matters abandoned", "放弃的事务"}, 0},
    {"matters_escalated", {"Petitions (信访)", "信访"},
     {"petitions", "信访"}, R},
    {"resolution_days_mean", {"Resolution time", "办结用时"},
     {"mean days to resolve", "平均办结天数"}, R},
    {"resolution_days_p90", {"Resolution time, 90th percentile",
                             "办结用时（90 分位）"},
     {"days to resolve (p90)", "办结天数（90 分位）"}, 0},
    {"satisfaction_mean", {"Satisfaction", "满意度"},
     {"mean satisfaction", "平均满意度"}, P | R | C},
    {"trust_gov_mean", {"Trust in government", "对政府的信任"},
     {"mean trust in government", "平均信任度"}, P | R | C},
    {"trust_com_mean", {"Trust in the community", "对社区的信任"},
     {"mean trust in the community", "平均信任度"}, R | C},
    {"efficacy_mean", {"Efficacy", "效能感"},
     {"mean efficacy", "平均效能感"}, 0},
    {"grievance_mean", {"Grievance", "不满情绪"},
     {"mean grievance", "平均不满情绪"}, C},
    {"participation_rate", {"Participation", "居民参与"},
     {"share of residents who decide to take part", "参与居民比例"},
     P | R | C},
    {"volunteer_count", {"Volunteers", "志愿者"},
     {"registered volunteers", "注册志愿者"}, R},
    {"volunteer_hours", {"Volunteer hours", "志愿服务时长"},
     {"volunteer hours", "志愿服务时长"}, 0},
    {"gov_spending", {"Government spending", "政府支出"},
     {"spending", "支出"}, P | R},
    {"gov_cost_per_resolved", {"Government cost per resolved matter",
                               "每件办结事务的政府成本"},
     {"cost per resolved matter", "每件成本"}, R},
    {"admin_burden", {"Administrative burden on communities",
                      "社区行政负担"},
     {"share of committee hours on admin tasks", "行政事务占用工时比例"}, R},
    {"socorg_count", {"Social organisations", "社会组织"},
     {"organisations alive", "社会组织数量"}, R},
    {"socorg_capacity_hours", {"Social-organisation capacity",
                               "社会组织服务能力"},
     {"work hours", "服务工时"}, 0},
    {"social_worker_count", {"Social workers", "社工"},
     {"filled posts", "在岗社工"}, 0},
    {"community_fund_balance", {"Community funds", "社区基金"},
     {"balance of all funds", "基金余额"}, 0},
    {"migrant_satisfaction_gap", {"Migrant satisfaction gap",
                                  "户籍与流动人口满意度差"},
     {"registered minus non-registered", "户籍减非户籍"}, LABEL_SIGNED},
    {"time_in_system_mean", {"Time in system", "在途时间"},
     {"days to resolved or abandoned",
      "平均在途天数（含放弃）"}, P | R},
    {"time_in_system_p90", {"Time in system, 90th percentile",
                            "在途时间（90 分位）"},
     {"days in system (p90)", "在途天数（90 分位）"}, 0},
    {"abandoned_share", {"Abandoned share", "放弃比例"},
     {"share of leaving matters abandoned", "离开系统的事务中放弃的比例"},
     R},
    {"petitions_settled", {"Petitions settled", "信访办结"},
     {"petitions settled", "信访办结"}, 0},
    {"matters_resolved_public", {"Matters resolved by public handling",
                                 "公共渠道办结事务"},
     {"matters resolved publicly", "公共渠道办结"}, 0},
    {"volunteers_active", {"Active volunteers", "在岗志愿者"},
     {"volunteers whose team worked today", "当日服务的志愿者"}, 0},
    {"ties_per_resident", {"Ties per resident", "人均邻里关系"},
     {"ties (fixed and grown)", "关系数（固有与新结）"}, 0},
    {"activity_attendances", {"Activity attendances", "活动参与人次"},
     {"residents at an activity today", "当日参加活动居民"}, 0},
    {"activity_members", {"Activity members", "活动会员"},
     {"residents who came within a year", "近期参加过活动的居民"}, 0},
    {"mediations", {"Mediations", "人民调解"},
     {"disputes mediated", "调解纠纷数"}, 0},
    {"mediation_success", {"Mediation success", "调解成功率"},
     {"share of mediations settled", "调解成功比例"}, 0},
    {"committee_staff", {"Committee staff", "社区工作者"},
     {"full-time workers", "全职人数"}, 0},
    {"microproject_lag_days", {"Micro-project lag", "微实事立项至实施"},
     {"days from vote to start", "投票至开工天数"}, 0},
    {"newcomer_ties_mean", {"Ties of newcomers", "新来居民的邻里关系"},
     {"ties per newcomer (grown)", "人均关系数（新结）"}, 0},
    {"visits_per_resident", {"Visits to residents", "入户次数"},
     {"visits per resident a month", "每人每月被访次数"}, 0},
    {"duplicate_visits_per_resident",
     {"Duplicate visits", "重复扰民"},
     {"repeat visits per resident a month", "每人每月重复入户次数"}, 0},
    {"fund_nongov_share", {"Non-government share of fund income",
                           "社区基金的非政府来源占比"},
     {"share of the day's income", "当日收入占比"}, 0},
    {"units_reputation_mean", {"Reputation with local units",
                               "驻区单位的认可度"},
     {"mean over units", "单位平均"}, 0},
    {"units_hours", {"Local units' staff hours", "驻区单位投入工时"},
     {"pledged hours a day", "每日承诺工时"}, 0},
    {"units_funds", {"Local units' money", "驻区单位投入资金"},
     {"pledged yuan a day", "每日承诺金额（元）"}, 0},
    {"associations", {"Migrants' associations", "外来人口联谊组织"},
     {"communities with one", "有组织的社区数"}, 0},
    {"association_members", {"Association members", "联谊组织成员"},
     {"share of migrants", "占非户籍居民比例"}, 0},
    {"migrant_participation_rate",
     {"Participation of migrants", "非户籍居民参与率"},
     {"share of migrants taking part", "参与的非户籍居民比例"}, 0},
    {"resolved_by_channel", {"Who resolves matters", "事务由谁解决"},
     {"matters resolved", "办结事务"}, P},
    {"open_by_scope", {"Backlog by scope", "按性质分的积压事务"},
     {"open matters", "未办结事务"}, 0},
};
const int n_metric_labels =
    (int)(sizeof metric_labels / sizeof metric_labels[0]);

#undef P
#undef R
#undef C

static const char *const channel_labels[N_CHANNELS][N_LANGS] = {
    {"self", "自己解决"},
    {"kin and neighbours", "亲友邻里"},
    {"market", "市场"},
    {"community committee", "社区居委会"},
    {"deliberation", "居民议事"},
    {"social organisations", "社会组织"},
    {"volunteers", "志愿者"},
    {"mediation", "人民调解"},
    {"government", "政府"},
    {"local units", "驻区单位"},
};

static const char *const phrases[N_PHRASES][N_LANGS] = {
    [PH_DAY] = {"day", "天"},
    [PH_COMPARISON] = {"Scenario comparison", "情景比较"},
    [PH_COMMUNITY] = {"community %d", "社区 %d"},
    [PH_COMMUNITY_MEAN] = {"mean of communities", "各社区平均"},
    [PH_THIS_COMMUNITY] = {"the community", "本社区"},
    [PH_SEP] = {"; ", "；"},
    [PH_BY_COMMUNITY] = {"%s by community", "各社区%s"},
    [PH_BAND_CI] = {"bands: 95% CI of the mean over replicates "
                    "(min-max for 2)",
                    "阴影：重复运行均值的 95% 置信区间（2 次时为最小-最大）"},
    [PH_RUNS] = {"%s (%d runs)", "%s（%d 次）"},
    [PH_SMOOTHED] = {"%d-day trailing means", "%d 天滑动平均"},
    [PH_FINAL_MEAN] = {"mean of the last %d days", "最后 %d 天均值"},
    [PH_CHANNEL_AXIS] = {"matters resolved per day, last %d days",
                         "最后 %d 天日均办结事务（件/日）"},
    [PH_SWEEP] = {"Sweep %s", "参数扫描 %s"},
    [PH_DIFF_FROM] = {"Difference from %s", "与%s的差值"},
    [PH_DIFF_PAIRED] = {"bands: 95% CI of the mean difference (paired by "
                        "seed, else Welch)",
                        "阴影：差值均值的 95% 置信区间（按种子配对，否则 "
                        "Welch）"},
    [PH_DIFF_NONE] = {"no difference beyond the 95% CI on any day",
                      "各天差值均未超出 95% 置信区间"},
    [PH_BELOW_BAND] = {"scenarios differ by less than the width of their "
                       "95% bands",
                       "各情景之差小于其 95% 置信带宽度"},
};

/* Units in Chinese; English units are observe.c's own. */
static const char *const units_zh[][2] = {
    {"matters", "件"},          {"matters/day", "件/日"},
    {"days", "天"},             {"yuan/day", "元/日"},
    {"yuan", "元"},             {"yuan/matter", "元/件"},
    {"residents", "人"},        {"h/day", "小时/日"},
    {"h", "小时"},              {"organisations", "个"},
    {"social workers", "人"},
};

const char *label_channel(int channel, enum lang lang)
{
    if (channel < 0 || channel >= N_CHANNELS)
        return "?";
    return channel_labels[channel][lang];
}

const char *label_phrase(enum phrase ph, enum lang lang)
{
    return phrases[ph][lang];
}

int label_nonnegative(const char *name)
{
    const struct metric_label *l = label_find(name);
    return l && !(l->flags & LABEL_SIGNED);
}

const struct metric_label *label_find(const char *name)
{
    for (int i = 0; i < n_metric_labels; i++)
        if (!strcmp(metric_labels[i].name, name))
            return &metric_labels[i];
    return NULL;
}

const char *label_title(const char *name, enum lang lang)
{
    const struct metric_label *l = label_find(name);
    return l ? l->title[lang] : name;
}

const char *label_units(const char *name)
{
    for (int k = 0; k < N_METRICS; k++)
        if (!strcmp(metric_defs[k].name, name))
            return metric_defs[k].units;
    for (int k = 0; k < N_COMMUNITY_METRICS; k++)
        if (!strcmp(community_metric_defs[k].name, name))
            return community_metric_defs[k].units;
    /* the 2-D series of observe.c have their units there too */
    if (!strcmp(name, "resolved_by_channel"))
        return "matters/day";
    if (!strcmp(name, "open_by_scope"))
        return "matters";
    return NULL;
}

void label_axis(const char *name, enum lang lang, char *buf, size_t n)
{
    const struct metric_label *l = label_find(name);
    const char *axis = l ? l->axis[lang] : name;
    const char *u = label_units(name);
    if (u && lang == LANG_ZH)
        for (size_t i = 0; i < sizeof units_zh / sizeof units_zh[0]; i++)
            if (!strcmp(units_zh[i][0], u)) {
                u = units_zh[i][1];
                break;
            }
    if (!u || !*u || !strcmp(u, "1"))
        snprintf(buf, n, "%s", axis);
    else if (lang == LANG_ZH)
        snprintf(buf, n, "%s（%s）", axis, u);
    else
        snprintf(buf, n, "%s (%s)", axis, u);
}

int label_lang(const char *s)
{
    if (!strcmp(s, "en"))
        return LANG_EN;
    if (!strcmp(s, "zh"))
        return LANG_ZH;
    return -1;
}
