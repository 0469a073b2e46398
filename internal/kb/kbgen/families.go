package kbgen

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/posbot/posbot/internal/kb"
)

// families are the kinds of generated articles, weighted by their share of
// a grown knowledge base. Response codes come first, one article each.
var families = []family{
	{"fault", 24, faultArticle},
	{"howto", 9, howToArticle},
	{"settlement", 11, settlementArticle},
	{"bank", 4, bankArticle},
	{"fees", 10, feesArticle},
	{"application", 12, applicationArticle},
	{"blocked", 10, blockedArticle},
	{"suspension", 6, suspensionArticle},
	{"qr", 5, qrArticle},
	{"card", 4, cardArticle},
	{"regional", 5, regionalArticle},
}

func (g *gen) acqVars(a *acquirer) vars {
	return vars{
		"a": a.zh, "A": a.en, "app": a.app, "service": a.serviceName, "cut": a.cut,
		"window": a.d0Window, "Window": a.d0WindowEN, "d0limit": fmt.Sprint(a.d0Limit), "d0fee": a.d0Fee, "D0fee": a.d0FeeEN,
		"credit": a.credit, "debit": a.debit, "cap": fmt.Sprint(a.debitCap), "qr": a.qr,
		"sim": fmt.Sprint(a.simFee), "deposit": fmt.Sprint(a.deposit), "single": fmt.Sprint(a.single),
		"daily": fmt.Sprint(a.daily), "nightfrom": a.nightFrom, "nightto": a.nightTo,
		"review": fmt.Sprint(a.reviewDays), "refund": fmt.Sprint(a.refundDays),
		"per10k": per10k(a.credit),
	}
}

// per10k is the fee on 10,000 yuan at rate percent, in yuan.
func per10k(rate string) string {
	f, err := strconv.ParseFloat(rate, 64)
	if err != nil {
		return rate
	}
	return strconv.FormatFloat(f*100, 'f', -1, 64)
}

var parens = regexp.MustCompile(`（[^）]*）|\([^)]*\)`)

// codeArticle explains one response code of the table.
func (g *gen) codeArticle(c *kb.Code) *draft {
	core := strings.TrimSpace(parens.ReplaceAllString(c.Meaning, ""))
	if core == "" {
		core = c.Meaning
	}
	coreEN := strings.ToLower(strings.TrimSpace(parens.ReplaceAllString(c.MeaningEN, "")))
	if coreEN == "" {
		coreEN = strings.ToLower(c.MeaningEN)
	}
	side, sideEN := "这一般是系统或线路一方的原因，不是你的机器坏了，也不是顾客的卡有问题。", "This is usually on the network or system side, not your terminal or the customer's card."
	switch {
	case strings.Contains(c.Action, "终端侧") || strings.Contains(c.Action, "商户侧") || strings.Contains(c.Action, "操作问题") || strings.Contains(c.Action, "商户/终端侧"):
		side, sideEN = "这一般是商户或终端一方的原因：操作、设置或终端状态，需要你这边处理。", "This is usually on your side: how the sale was done, a setting or the terminal's status."
	case strings.Contains(c.Action, "持卡人") || strings.Contains(c.Action, "发卡行") || strings.Contains(c.Action, "卡片"):
		side, sideEN = "这一般是持卡人或发卡行一方的原因，不是你的机器坏了。", "This is usually on the cardholder's or the issuing bank's side, not a fault of your terminal."
	}
	if strings.HasPrefix(c.Code, "00") || strings.Contains(c.MeaningEN, "Approved") {
		side, sideEN = "这表示交易已经成功。", "This means the sale went through."
	}
	v := vars{"c": c.Code, "m": core, "M": coreEN}
	var steps []string
	for _, s := range strings.FieldsFunc(c.Action, func(r rune) bool { return r == '；' || r == '。' }) {
		if s = strings.TrimSpace(s); s != "" {
			steps = append(steps, s+"。")
		}
	}
	steps = append(steps, pick(g.r, []string{"同样的应答码反复出现，记下时间、金额和参考号，posbot 可以帮你转人工。", "拿不准是哪一方的原因时，把屏幕提示拍照发给客服。", "不要让顾客把密码、验证码告诉你或客服。"}))
	var related []string
	for _, o := range g.codes {
		if o.Code != c.Code && len(related) < 4 && o.Code[0] == c.Code[0] && g.r.IntN(3) == 0 {
			related = append(related, fmt.Sprintf("%s：%s", o.Code, o.Meaning))
		}
	}
	var b strings.Builder
	para(&b, "这是什么", fmt.Sprintf("应答码%s表示“%s”。%s", c.Code, c.Meaning, side))
	section(&b, "现在就做", steps, true)
	section(&b, "需要准备", subset(g.r, []string{"商户号（15位）和终端号（8位）", "交易日期（带年份）、时间和金额", "参考号（12位）或凭证号（6位）", "签购单或屏幕照片", "卡号只给前6位和后4位"}, 2, 4), false)
	section(&b, "相关应答码", related, false)
	g.cases(&b, v.all([]string{"刷卡提示{c}怎么回事", "连着两张卡都报{c}", "签购单没打出来，屏幕显示{c}", "{m}是什么意思", "顾客的卡返回{c}"}), outcomesDeclined, true)
	para(&b, "如何预防", pick(g.r, []string{"每天开机先签到，保持网络稳定，交易失败时先看应答码再决定是否重刷。", "同一张卡连续失败时不要反复重试，换卡或换支付方式更快。", "把常见应答码的意思告诉店员，遇到持卡人一方的问题礼貌请顾客换卡。"}))
	title := v.fill(pick(g.r, []string{"POS机提示{c}（{m}）怎么办", "应答码{c}：{m}是什么意思", "刷卡返回{c}（{m}）的原因和处理", "交易失败显示{c}：{m}"}))
	return &draft{
		v:        v,
		combo:    "code/" + c.Code,
		id:       "declined-code-" + strings.ToLower(c.Code),
		title:    title,
		topic:    kb.TopicDeclined,
		keywords: []string{c.Code, "应答码" + c.Code, "返回码" + c.Code, "错误码" + c.Code, core, coreEN, "response code " + c.Code, "error " + c.Code},
		zh: []qset{cross([]string{"", "刷卡", "pos机", "顾客刷卡", "电签机", "刚才一笔", "机器上"}, []string{
			"提示{c}怎么回事", "显示{c}是什么意思", "报{c}咋处理", "应答码{c}", "返回码{c}怎么解决", "出现{c} {m}", "一直报{c}", "{c}错误", "提示{m}",
		}, []string{"", "怎么办", "啥意思", "要紧吗", "钱扣了没"})},
		trad: []qset{list("刷卡顯示{c}是什麼意思", "機器報{c}點算", "應答碼{c}怎麼處理", "提示{m}點解", "碌卡出{c}", "交易失敗 顯示{c}")},
		en: []qset{cross([]string{"", "pos ", "card machine "}, []string{
			"response code {c} what does it mean", "card declined with code {c}", "error {c} {M}", "terminal shows {c}", "{M} error, what to do", "what is code {c}",
		}, []string{"", "?", " on my terminal"})},
		short:   fmt.Sprintf("%s是“%s”。%s", c.Code, core, c.Action),
		shortEN: fmt.Sprintf("%s means %s. %s", c.Code, c.MeaningEN, c.ActionEN),
		answer:  fmt.Sprintf("Response code %s: %s.\n%s\n%s\nposbot can hand you over to a person if it keeps happening.", c.Code, c.MeaningEN, c.ActionEN, sideEN),
		body:    b.String(),
	}
}

// settleIssue is a question about a settlement mode.
type settleIssue struct {
	slug, zh string
	instant  bool // only for instant modes
	asks     []string
	enAsks   []string
	body     []string
	short    string
	shortEN  string
	answer   string
	kw       []string
}

var settleIssues = []settleIssue{
	{slug: "when", zh: "什么时候到账",
		asks:   []string{"{mode}到底几点到账", "{mode}是啥意思 哪天到", "今天刷的{mode}什么时候到", "{mode}下午刷的几点能到", "{mode}是按工作日算吗"},
		enAsks: []string{"when does {Mode} money arrive", "what does {Mode} mean for my payout"},
		body:   []string{"{a}的{mode}：{desc}。", "日切时间是{cut}，{cut}以后的交易算第二天的。", "到账时间以{app}里每笔交易的“预计到账时间”为准。", "银行入账有时比短信提醒晚，查银行卡收支明细更准。"},
		short:  "{a}的{mode}：{desc}。{cut}日切后的交易算第二天，以{app}里的预计到账时间为准。", shortEN: "With {A}, {Mode} means {descEN}. Sales after the {cut} cut-off count for the next day; the app shows each sale's expected payout.",
		answer: "With {A}, {Mode} means: {descEN}. Sales after the day cut-off ({cut}) count for the next day. The merchant app shows the expected payout time of each sale.", kw: []string{"到账时间", "几点到账", "什么时候到账"}},
	{slug: "holiday", zh: "节假日怎么到账",
		asks:   []string{"{mode}过年放假怎么到账", "国庆期间{mode}到不到", "{mode}周末刷的卡哪天到", "五一放假{mode}会不会顺延", "节假日{mode}还秒到吗"},
		enAsks: []string{"does {Mode} pay out on public holidays", "weekend sales with {Mode}, when do they arrive"},
		body:   []string{"{a}的{mode}：{desc}。", "遇到春节、国庆等长假，T+1类的结算顺延到节后第一个工作日，调休上班日正常到账。", "D+1和秒到在节假日一般照常，但银行系统维护时可能延迟。", "假期前一天的交易最容易赶上顺延，节前有大额用款计划要提前安排。"},
		short:  "{a}{mode}：{desc}。春节国庆等长假T+1类顺延到节后第一个工作日，D+1和秒到一般照常。", shortEN: "{A} {Mode}: {descEN}. Over long holidays T+1 payouts wait for the first working day; D+1 and instant payouts usually continue.",
		answer: "With {A}, {Mode} means: {descEN}. Over public holidays T+1 payouts move to the first working day after the holiday (make-up working days count); D+1 and instant payouts usually continue, barring bank maintenance.", kw: []string{"节假日", "放假", "周末", "顺延", "holiday"}},
	{slug: "late", zh: "今天没按时到账",
		asks:   []string{"{mode}今天怎么没到", "说好{mode}结果没到账", "{mode}平时上午就到 今天下午还没到", "{mode}晚了一天", "别人都到了我的{mode}没到"},
		enAsks: []string{"my {Mode} payout is late today", "{Mode} money did not arrive on time"},
		body:   []string{"先在{app}看这笔的结算状态：待结算、结算中、已出款、出款失败。", "已出款但卡上没有：银行入账有延迟，查银行卡收支明细，别只看短信。", "出款失败：多是结算卡问题（户名不符、卡被冻结、二类户超限），改卡后重新出款。", "状态是风控延迟或调单的，按{app}提示补材料。", "都正常仍没到，把商户号、日期和金额发给{service}。"},
		short:  "先看{app}里这笔的结算状态：已出款就查银行明细，出款失败多是结算卡问题，风控延迟按提示补材料。仍不明白把商户号日期金额发给服务商。", shortEN: "Check the sale's settlement status in the app: paid out means check your bank statement; failed usually means the settlement card; a risk hold needs documents.",
		answer: "Look at the settlement status of the sale in the {A} app. 'Paid out' but not on your card: check the bank statement, bank crediting can lag. 'Payout failed': usually the settlement card (name mismatch, frozen card, Class II limit). 'Risk hold': send the documents the app asks for.", kw: []string{"没到账", "没按时到", "延迟到账", "late payout"}},
	{slug: "amount", zh: "到账金额比交易少",
		asks:   []string{"{mode}到账的钱比刷的少", "刷了一万到账九千九百多", "{mode}扣了哪些钱", "到账金额对不上", "{mode}少到了几十块"},
		enAsks: []string{"{Mode} payout is less than my sales", "why is the amount credited lower than I charged"},
		body:   []string{"到账金额 = 交易金额 − 手续费（信用卡约{credit}%，借记卡{debit}%封顶{cap}元，扫码约{qr}%）。", "用{mode}的，{d0fee}。", "当天有退货、拒付或冲正的，会从结算款里扣。", "在{app}的结算明细里能看到每笔的手续费。", "和约定费率对不上，截图明细联系{service}。"},
		short:  "到账=交易额−手续费：信用卡约{credit}%，借记卡{debit}%封顶{cap}元，扫码约{qr}%；秒到{d0fee}，退货拒付也会扣。明细在{app}里看。", shortEN: "Payout = sales minus fees (credit about {credit}%, debit {debit}% capped at {cap} yuan, QR about {qr}%), instant payout fees, refunds and chargebacks. See the details in the app.",
		answer: "The payout is your sales minus fees: with {A}, credit cards about {credit}%, debit cards {debit}% capped at {cap} yuan, QR about {qr}%; instant payout costs extra. Refunds, chargebacks and reversals are deducted too. The settlement details in the app list every fee.", kw: []string{"到账金额", "少到了", "手续费", "扣了多少", "fee deducted"}},
	{slug: "failed", zh: "出款失败、退汇",
		asks:   []string{"{mode}显示出款失败", "结算款被退回来了", "提示退汇怎么办", "后台写着结算卡异常", "{mode}出款失败钱去哪了"},
		enAsks: []string{"payout failed and was returned", "settlement card error on {Mode} payout"},
		body:   []string{"出款失败的钱不会丢，会退回到你的待结算余额里。", "常见原因：结算卡销户、挂失、冻结，户名和商户登记不一致，二类户超过入账限额，银行系统维护。", "在{app}里换一张一类借记卡作为结算卡，审核后重新出款。", "重新出款一般1到3个工作日。"},
		short:  "出款失败的钱不会丢，会退回待结算余额。多是结算卡销户冻结、户名不符或二类户超限：在{app}换一类卡，审核后重新出款。", shortEN: "A failed payout is not lost; it returns to your balance. Usually the card is closed, frozen, in another name or a Class II account: change it in the app and it is paid again.",
		answer: "Money from a failed payout is not lost: it goes back to your pending balance with {A}. The usual causes are a closed, lost or frozen card, a name that does not match the merchant, or a Class II account over its limit. Change to a Class I debit card in the app; it is paid again in 1 to 3 working days after review.", kw: []string{"出款失败", "退汇", "结算卡异常", "payout failed"}},
	{slug: "limit", zh: "秒到额度用完以后怎么到账", instant: true,
		asks:   []string{"{mode}额度用完了怎么办", "超过秒到额度的钱什么时候到", "秒到每天最多多少", "{mode}能不能提额度", "大额交易不秒到了"},
		enAsks: []string{"what happens above the instant payout limit", "can I raise my {Mode} limit"},
		body:   []string{"{a}的{mode}每天额度{d0limit}万元，秒到时段{window}。", "超过额度或在时段外的交易，自动改为次日到账，不会丢。", "提高额度要看交易记录和经营情况，在{app}里申请或找{service}。", "{d0fee}，不想付这笔费用可以改成T+1。"},
		short:  "{a}{mode}每天额度{d0limit}万，时段{window}；超额度或时段外自动改次日到账，不会丢。提额在{app}申请。", shortEN: "{A} {Mode}: {d0limit}0,000 yuan a day, window {Window}. Above the limit or outside the window it is paid the next day. Ask for a higher limit in the app.",
		answer: "With {A}, {Mode} covers up to {d0limit}0,000 yuan a day inside the window ({Window}). Anything above the limit or outside the window is paid the next day, nothing is lost. You can ask for a higher limit in the merchant app.", kw: []string{"秒到额度", "额度用完", "秒到时段", "instant payout limit"}},
	{slug: "night", zh: "晚上和日切后的交易算哪天",
		asks:   []string{"晚上十一点以后刷的算哪天", "{mode}半夜刷的什么时候到", "过了日切的单子算第二天吗", "日切是几点", "凌晨刷卡到账晚一天"},
		enAsks: []string{"which day do late-night sales count for", "what time is the day cut-off"},
		body:   []string{"{a}的日切时间是{cut}，之后的交易算第二天的交易日。", "用{mode}的，{desc}。", "所以{cut}以后的交易，到账会比白天的晚一天。", "对账时按交易日期看，不要按自然日。"},
		short:  "{a}日切是{cut}，之后的交易算第二天，到账也晚一天。{mode}：{desc}。", shortEN: "{A}'s day cut-off is {cut}; later sales count for the next day and are paid a day later.",
		answer: "{A}'s day cut-off is {cut}: sales after it belong to the next business date and are paid a day later. {Mode}: {descEN}.", kw: []string{"日切", "晚上交易", "凌晨", "算哪天", "cut-off"}},
	{slug: "switch", zh: "怎么改结算方式",
		asks:   []string{"怎么从{mode}改成别的", "想开通{mode}", "{mode}要收费吗", "能不能不要{mode}", "改结算方式多久生效"},
		enAsks: []string{"how do I switch to {Mode}", "can I change my settlement mode"},
		body:   []string{"在{app}的“结算设置”里可以改结算方式，部分商户需要{service}开通。", "{mode}：{desc}。", "秒到类{d0fee}；T+1不收额外费用。", "修改一般次日生效，当天的交易仍按原方式结算。"},
		short:  "在{app}“结算设置”里改，部分要服务商开通；一般次日生效。{mode}：{desc}。", shortEN: "Change it under settlement settings in the app (some need your provider); it usually applies from the next day.",
		answer: "Change the settlement mode under settlement settings in the {A} app; some merchants need their service provider to enable it. It usually applies from the next day. {Mode}: {descEN}.", kw: []string{"结算方式", "改结算", "开通秒到", "settlement mode"}},
	{slug: "card-change", zh: "换结算卡以后没到账",
		asks:   []string{"换了结算卡钱没到", "新结算卡{mode}不到账", "改卡以后钱打到哪张卡了", "结算卡换了要多久生效", "换卡审核要几天"},
		enAsks: []string{"changed my settlement card and payouts stopped", "which card gets the money after a card change"},
		body:   []string{"换结算卡要审核，一般1到{review}个工作日，审核期间的钱会暂缓出款或仍打到旧卡。", "在{app}里看新卡的审核状态和每笔的出款卡号。", "新卡必须是本人（法人）名下的一类借记卡。", "审核被拒，按提示重新上传银行卡照片。"},
		short:  "换结算卡要审核（1到{review}个工作日），期间暂缓出款或仍打旧卡。在{app}看审核状态和出款卡号；新卡须是本人一类借记卡。", shortEN: "A new settlement card is reviewed first (1 to {review} working days); meanwhile payouts wait or go to the old card. Check the status in the app.",
		answer: "A new settlement card must be reviewed first (1 to {review} working days with {A}); meanwhile payouts wait or still go to the old card. The app shows the review status and the card each payout went to. The card must be a Class I debit card in your own name.", kw: []string{"换结算卡", "更换结算卡", "新卡", "settlement card"}},
}

func settlementArticle(g *gen) *draft {
	a := pick(g.r, g.acquirers)
	m := pick(g.r, settleModes)
	is := &settleIssues[g.r.IntN(len(settleIssues))]
	if is.instant && !m.instant {
		return nil
	}
	v := g.acqVars(a)
	v["mode"], v["Mode"], v["desc"], v["descEN"] = m.zh, m.en, m.desc, m.descEN
	var b strings.Builder
	section(&b, "先看清楚", v.all(is.body[:1]), false)
	section(&b, "具体说明", v.all(is.body[1:]), false)
	g.cases(&b, v.all(is.asks), outcomesMoney, true)
	section(&b, "需要准备", subset(g.r, []string{"商户号（15位）", "交易日期（带年份）和金额", "结算卡开户行和后四位", "商户App里结算明细的截图"}, 2, 3), false)
	para(&b, "提醒", v.fill(pick(g.r, []string{"{a}不会让你先交钱才给结算。让你转账“解冻”“激活结算”的都是骗局。", "posbot 和客服不会要你的银行卡密码和短信验证码。", "结算规则以你和{a}签的协议为准，这里是一般情况。"})))
	return &draft{
		v:        v,
		combo:    "settle/" + a.slug + "/" + m.slug + "/" + is.slug,
		id:       "missing-credit-" + a.slug + "-" + m.slug + "-" + is.slug,
		title:    v.fill(pick(g.r, []string{"{a}{mode}" + is.zh, is.zh + "（{a}，{mode}）", "{a}商户：{mode}" + is.zh})),
		topic:    kb.TopicMissingCredit,
		keywords: append([]string{a.zh, m.zh, strings.ToLower(a.en), strings.ToLower(m.en), a.app}, is.kw...),
		zh:       []qset{cross([]string{"", "{a}", "我用的{a}", "{a}商户"}, is.asks, []string{"", "？", "啊", "急", "谁知道"})},
		trad:     []qset{cross([]string{"", "{a}"}, is.asks, []string{"", "點算"})},
		en:       []qset{cross([]string{"", "{A}: ", "with {A}, "}, is.enAsks, []string{"", "?"})},
		short:    v.fill(is.short),
		shortEN:  v.fill(is.shortEN),
		answer:   v.fill(is.answer) + "\nNever pay anyone to 'release' a settlement; posbot and support never ask for your card password or SMS code.",
		body:     b.String(),
	}
}

var bankIssues = []struct {
	slug, zh    string
	asks        []string
	enAsks      []string
	body        []string
	short, shEN string
	answer      string
}{
	{"late", "结算卡到账比别的卡晚", []string{"结算卡是{b}的 到账总比别人晚", "{b}的卡到账慢", "{b}结算卡下午才到", "用{b}收款到账时间"}, []string{"payouts to my {B} card arrive later than others", "{B} settlement card is slow"},
		[]string{"收单机构出款后，{b}入账还要一段时间，跨行出款通常比同行慢。", "{b}夜间和周末批量入账的时间各不相同，短信提醒也可能延迟。", "查{b}手机银行的收支明细，比等短信准。", "长期比约定时间晚一天以上，把商户号和几笔交易的日期金额发给服务商核查。"},
		"出款后{b}入账还要一段时间，跨行比同行慢，短信也可能晚到。查{b}手机银行收支明细；长期晚一天以上把商户号和交易发给服务商。", "After payout, {B} still takes time to credit, cross-bank is slower and texts lag. Check the {B} app's statement; if it is always a day late, tell your provider.",
		"After the acquirer pays out, {B} still takes some time to credit the money; cross-bank transfers are slower and SMS alerts can lag. Check the statement in the {B} app rather than waiting for a text. If payouts are always more than a day late, send your merchant number and a few sales to your service provider."},
	{"class2", "二类户做结算卡到账受限", []string{"{b}二类户能当结算卡吗", "{b}电子账户收款被限额", "结算卡是{b}二类卡 钱进不去", "{b}二类户每天入账上限"}, []string{"can a {B} Class II account be my settlement card", "payouts to my {B} Class II account fail"},
		[]string{"二类户（多是电子账户、线上开的卡）每天、每年入账有上限，超过就会出款失败。", "结算卡最好用{b}柜台开的一类借记卡。", "已经出款失败的钱会退回待结算，换卡后重新出款。", "在{b}手机银行里可以查卡是一类还是二类。"},
		"{b}二类户每天入账有上限，超过就出款失败。结算卡请换{b}柜台开的一类借记卡，失败的钱换卡后会重新出款。", "A {B} Class II account has a daily credit cap and payouts above it fail. Use a Class I debit card; failed payouts are paid again after the change.",
		"Class II accounts at {B} (usually opened online) have daily and yearly limits on incoming money, so payouts above them fail. Use a Class I debit card opened at a {B} branch as your settlement card; failed payouts are paid again after the change."},
	{"maintenance", "银行系统维护期间到账", []string{"{b}系统维护钱会不会晚到", "{b}升级那天结算款没到", "{b}维护期间出款失败了", "听说{b}周末维护"}, []string{"will {B} maintenance delay my payout", "{B} system upgrade and my settlement"},
		[]string{"{b}系统维护或升级期间，入账会暂停，维护结束后补入账。", "维护通知一般提前在{b}官方App公告。", "维护期间出款失败的，钱退回待结算，会自动或手动重新出款。", "不要相信维护期间要你“验证账户”的短信或电话。"},
		"{b}维护期间入账暂停，结束后补入账；失败的钱退回待结算会重新出款。不要相信维护期间让你验证账户的短信电话。", "During {B} maintenance, crediting pauses and resumes afterwards; failed payouts return to your balance. Ignore calls asking you to verify your account.",
		"While {B} is under maintenance, incoming transfers pause and are credited afterwards; a payout that failed returns to your pending balance and is paid again. Ignore any call or text asking you to verify your account during maintenance."},
	{"corporate", "对公账户结算到账时间", []string{"{b}对公账户结算几点到", "企业结算到{b}对公户要多久", "对公户是{b}的 周末到不到", "{b}对公账户到账慢"}, []string{"when do payouts reach my {B} business account", "{B} corporate account settlement time"},
		[]string{"对公账户走大额或网银通道，只在工作日的营业时间入账。", "周末和节假日的出款，{b}对公户一般顺延到下一个工作日。", "对公户的户名必须和营业执照上的名称一致。", "需要节假日也到账的，可以咨询是否能用法人一类卡结算。"},
		"对公户只在工作日营业时间入账，周末节假日顺延到下一工作日；户名必须和执照一致。", "Business accounts are credited only during working hours on working days; weekend payouts wait. The account name must match the licence.",
		"Payouts to a {B} business account travel on interbank channels that only credit during working hours on working days; weekend and holiday payouts wait for the next working day. The account name must match the business licence."},
	{"name", "结算卡户名不一致出款失败", []string{"{b}的卡户名对不上出款失败", "结算卡是我老婆的{b}卡 能用吗", "用家人的{b}卡结算被拒", "非法人结算{b}卡要什么材料"}, []string{"payout failed because the {B} card is in another name", "can I settle to my spouse's {B} card"},
		[]string{"结算卡默认要是法人或经营者本人名下的卡。", "用他人的{b}卡结算（非法人结算）要授权书、双方身份证，部分机构不支持。", "户名不一致的出款会失败，钱退回待结算。", "改成本人卡最快，改卡后重新出款。"},
		"结算卡要是本人名下的；用家人的{b}卡要授权书和双方身份证，部分机构不支持。改成本人卡最快，改后会重新出款。", "The settlement card must be in your own name; someone else's {B} card needs an authorisation letter and both IDs, and not every acquirer allows it.",
		"Settlement cards must be in the owner's own name. Settling to someone else's {B} card needs an authorisation letter and both ID cards, and not every acquirer allows it. Switching to your own card is fastest; the failed payout is then paid again."},
	{"frozen", "结算卡被冻结、止付", []string{"{b}结算卡被冻结了", "{b}说我的卡被止付 钱进不来", "结算卡被司法冻结怎么办", "{b}卡非柜面交易受限"}, []string{"my {B} settlement card is frozen", "{B} blocked incoming transfers on my card"},
		[]string{"{b}因为风控、涉案排查、长期不动户等原因冻结或止付，结算款就进不去。", "先到{b}网点或在{b}App里问清原因，按要求解除。", "短期解不了的，换一张正常的本人一类卡做结算卡。", "出款失败的钱退回待结算，不会丢。"},
		"{b}冻结或止付后结算款进不去。先问{b}原因并解除，或换一张正常的本人一类卡；失败的钱退回待结算，不会丢。", "If {B} has frozen the card, payouts cannot reach it. Ask {B} why and clear it, or switch to another Class I card of your own; failed payouts are kept.",
		"If {B} has frozen or restricted the card (risk checks, investigations, dormant account), payouts cannot be credited. Ask {B} why and clear it, or switch to another Class I card in your name; failed payouts return to your pending balance."},
}

func bankArticle(g *gen) *draft {
	bk := pick(g.r, banks)
	is := &bankIssues[g.r.IntN(len(bankIssues))]
	v := vars{"b": bk.zh, "B": bk.en}
	var b strings.Builder
	section(&b, "情况说明", v.all(is.body), false)
	g.cases(&b, v.all(is.asks), outcomesMoney, false)
	section(&b, "需要准备", subset(g.r, []string{"商户号", "结算卡开户行（" + bk.zh + "）和卡号后四位", "交易日期（带年份）和金额", "银行收支明细截图", "出款失败的提示截图"}, 2, 4), false)
	para(&b, "提醒", pick(g.r, []string{"不要把银行卡密码、短信验证码告诉任何人，posbot 和客服不会要。", "银行卡的事以银行的答复为准，结算的事以收单机构为准。", "需要人工帮忙时，posbot 可以帮你转人工。"}))
	return &draft{
		v:        v,
		combo:    "bank/" + bk.slug + "/" + is.slug,
		id:       "missing-credit-bank-" + bk.slug + "-" + is.slug,
		title:    v.fill("{b}" + is.zh),
		topic:    kb.TopicMissingCredit,
		keywords: []string{bk.zh, bk.en, "结算卡", "到账", is.zh},
		zh:       []qset{cross([]string{"", "我的", "请问"}, is.asks, []string{"", "？", "怎么办", "咋弄"})},
		trad:     []qset{cross([]string{""}, is.asks, []string{"", "點算", "怎麼辦"})},
		en:       []qset{cross([]string{""}, is.enAsks, []string{"", "?", ", what should I do"})},
		short:    v.fill(is.short),
		shortEN:  v.fill(is.shEN),
		answer:   v.fill(is.answer),
		body:     b.String(),
	}
}

var feeItems = []struct {
	slug, zh    string
	asks        []string
	enAsks      []string
	body        []string
	short, shEN string
	answer      string
	kw          []string
}{
	{"credit-rate", "信用卡费率", []string{"{a}{p}信用卡费率多少", "刷信用卡扣几个点", "{p}信用卡0.6正常吗", "信用卡手续费怎么算", "{a}信用卡点位"}, []string{"what is the credit card rate on the {P}", "{A} credit card fee per swipe"},
		[]string{"{a}{p}的信用卡标准费率约{credit}%，以合同和{app}里显示的为准。", "刷一万元信用卡，手续费约{per10k}元。", "部分行业（餐饮、娱乐、批发）费率不同。", "有人说“刷卡费率0.3”“包你降费率”的，多半是跳码、套现机，别用。"},
		"{a}{p}信用卡费率约{credit}%，以合同和{app}为准；部分行业不同。说能大幅降费率的多是跳码机，别用。", "{A} {P}: credit cards about {credit}%, your contract and the app count. Offers of very low rates are usually rigged terminals; avoid them.",
		"With {A}, credit card sales on the {P} cost about {credit}%; your contract and the merchant app are what count, and some industries differ. Offers of unusually low rates usually come from rigged terminals that misreport your business: avoid them.", []string{"信用卡费率", "扣点", "点位", "credit card rate"}},
	{"debit-cap", "借记卡封顶", []string{"{a}借记卡封顶多少", "储蓄卡刷大额扣多少", "{p}借记卡手续费封顶", "借记卡费率{debit}对吗"}, []string{"is there a cap on debit card fees with {A}", "debit card fee on large amounts"},
		[]string{"{a}借记卡费率{debit}%，单笔封顶{cap}元。", "刷借记卡超过一定金额后，手续费不再增加。", "信用卡没有封顶。", "封顶只对借记卡，二类户、预付卡按各自规则。"},
		"{a}借记卡费率{debit}%，单笔封顶{cap}元，大额刷借记卡更划算；信用卡不封顶。", "{A}: debit cards {debit}% capped at {cap} yuan per sale; credit cards have no cap.",
		"With {A}, debit card sales cost {debit}% with a cap of {cap} yuan per sale, so large debit sales stay cheap; credit cards have no cap.", []string{"借记卡封顶", "储蓄卡封顶", "封顶", "debit cap"}},
	{"qr-rate", "扫码费率", []string{"{a}扫码费率多少", "微信支付宝收款扣多少", "{p}扫码是{qr}吗", "云闪付扫码费率", "扫码比刷卡便宜吗"}, []string{"what is the QR payment fee with {A}", "WeChat Pay and Alipay rate on the {P}"},
		[]string{"{a}微信、支付宝、云闪付扫码费率约{qr}%。", "云闪付1000元以下一般按扫码费率，以上按刷卡费率。", "信用卡绑定的扫码支付（花呗、信用卡付款）费率一样，由商户承担。", "以{app}的费率信息为准。"},
		"{a}微信支付宝云闪付扫码约{qr}%；云闪付1000元以上按刷卡费率。以{app}费率信息为准。", "{A}: WeChat Pay, Alipay and QuickPass about {qr}%; QuickPass above 1,000 yuan is charged as a card sale.",
		"With {A}, WeChat Pay, Alipay and UnionPay QuickPass QR payments cost about {qr}%; QuickPass payments above 1,000 yuan are usually charged at card rates. The fee details in the merchant app are what count.", []string{"扫码费率", "微信费率", "支付宝费率", "qr fee"}},
	{"d0-fee", "秒到手续费", []string{"{a}秒到要额外收费吗", "秒到每笔多扣多少", "{p}秒到费怎么算", "不想要秒到费", "D0手续费"}, []string{"is there an extra fee for instant payout with {A}", "how much does D0 cost"},
		[]string{"{a}秒到（D0）{d0fee}，在交易手续费之外。", "不需要当天用钱的，可以在{app}改成T+1，不收秒到费。", "秒到每天额度{d0limit}万元，超出部分次日到账。"},
		"{a}秒到{d0fee}，在手续费之外；不急用钱可在{app}改成T+1免收。每天秒到额度{d0limit}万。", "{A} instant payout: {D0fee} on top of the fee; switch to T+1 in the app to avoid it.",
		"With {A}, instant (D0) payout costs extra ({D0fee}) on top of the normal fee. Switch to T+1 in the app if you do not need the money the same day. The daily instant limit is {d0limit}0,000 yuan.", []string{"秒到费", "D0手续费", "秒到手续费", "instant payout fee"}},
	{"sim-fee", "流量卡年费", []string{"{p}流量费一年多少", "{a}扣了我{sim}块流量费", "流量卡费用能不交吗", "为什么自动扣流量费", "{p}第二年要交钱吗"}, []string{"why was I charged a data fee for the {P}", "yearly SIM fee with {A}"},
		[]string{"{a}{p}的流量卡免费期后，年费约{sim}元，从结算款里扣或在{app}里交。", "扣费前{app}会有通知，扣费记录在结算明细里。", "不用4G的机型，可以改连WiFi后申请停用流量卡。", "收到陌生人让你转账交流量费的，不要理。"},
		"{a}{p}流量卡免费期后年费约{sim}元，从结算款扣或在{app}交，明细里有记录。只在App里交，不给陌生人转账。", "{A} {P}: after the free period the data SIM costs about {sim} yuan a year, deducted from payouts or paid in the app.",
		"With {A}, the {P}'s data SIM costs about {sim} yuan a year after the free period, deducted from your payout or paid in the app, with a notice first. Pay only in the official app.", []string{"流量费", "流量卡年费", "sim fee", "data fee"}},
	{"deposit", "机具押金", []string{"{p}押金多少", "{a}押金{deposit}能退吗", "押金什么时候退", "交了押金没返", "{p}押金返还条件"}, []string{"can I get the {P} deposit back", "deposit for the {A} terminal"},
		[]string{"{a}{p}押金{deposit}元（为0的是免押金）。", "一般在激活后一定时间内交易达到约定金额就返还，具体以领机时的协议为准。", "退机时设备完好，押金按协议退还。", "押金只通过{app}或正规渠道交，不要私下转账给个人。"},
		"{a}{p}押金{deposit}元，按领机协议：激活后交易达标返还，或退机时设备完好退还。只通过{app}交，不要私下转账。", "{A} {P} deposit: {deposit} yuan, returned per your agreement when sales targets are met or the device is returned intact.",
		"The {A} {P} deposit is {deposit} yuan (0 means none). It is returned per your agreement, usually when your sales reach the agreed amount after activation, or when you return the device intact. Pay it only through the app.", []string{"押金", "退押金", "押金返还", "deposit"}},
	{"rate-raised", "费率突然变高", []string{"{a}费率怎么突然涨了", "以前0.38现在变0.6", "没通知就上调费率", "这个月手续费多了好多", "{p}费率被改了"}, []string{"my {A} rate went up without notice", "fees are higher this month on the {P}"},
		[]string{"先在{app}看费率信息和变更记录，有的优惠费率到期后恢复标准费率（信用卡约{credit}%）。", "同一天有的笔扣得多，可能是卡种不同（信用卡、借记卡、外卡、扫码）。", "没有通知就上调的，截图明细找{service}核实。", "协议之外的加价可以要求说明或投诉。"},
		"先在{app}看费率变更记录：优惠到期会恢复标准费率，卡种不同扣点也不同。没通知就上调的截图明细找服务商核实。", "Check the rate history in the app: promotional rates expire and card types differ. An unannounced rise: send screenshots to your provider.",
		"Check the rate and its change history in the {A} app: promotional rates expire back to standard (credit about {credit}%), and different card types cost differently. If the rate rose without notice, send screenshots of the details to your service provider.", []string{"费率上调", "费率变高", "涨费率", "rate increase"}},
	{"foreign", "外卡费率", []string{"{p}刷外卡手续费多少", "Visa卡扣几个点", "{a}外卡费率", "外国人刷卡费用", "外卡收单要开通吗"}, []string{"fee for foreign cards on the {P}", "what is the Visa and Mastercard rate with {A}"},
		[]string{"外卡（Visa、万事达、JCB等）费率明显高于银联卡，一般在2%到3%左右，以{a}合同为准。", "外卡收单要单独开通，{p}不一定支持。", "外卡可能有汇率差和退款周期更长的问题。", "开通找{service}。"},
		"外卡费率明显高于银联卡，一般2%到3%，以{a}合同为准；要单独开通，{p}不一定支持，找服务商开通。", "Foreign cards cost clearly more than UnionPay, often 2-3%, per your {A} contract; the function must be enabled and not every {P} supports it.",
		"Foreign cards (Visa, Mastercard, JCB...) cost clearly more than UnionPay cards, often around 2 to 3%, per your {A} contract. Foreign card acceptance must be enabled separately and not every {P} supports it.", []string{"外卡费率", "visa费率", "foreign card fee"}},
	{"service-fee", "会员费、服务费扣款", []string{"{a}扣了我一笔服务费", "突然扣了99会员费", "{p}激活扣了钱", "VIP费是什么", "莫名其妙扣费"}, []string{"I was charged a membership fee I never agreed to", "unknown service fee deducted by {A}"},
		[]string{"正规收单机构不会强制收取会员费、VIP费、提额费。", "在{app}结算明细里找到这笔扣费，看名称和时间。", "领机时没有约定的扣费，截图找{service}要求说明、退还。", "对方不处理的，可以向收单机构总部投诉。"},
		"正规收单不会强制收会员费、VIP费。在{app}明细里找到这笔，没约定的截图找服务商要求退还，不处理可向机构总部投诉。", "Licensed acquirers do not force membership or VIP fees. Find the charge in the app; if you never agreed, ask your provider to refund it.",
		"Licensed acquirers do not force membership, VIP or 'limit raise' fees. Find the charge in the {A} app's settlement details; if you never agreed to it, send screenshots to your provider and ask for a refund, and complain to the acquirer if they do not act.", []string{"会员费", "服务费", "VIP费", "乱扣费", "service fee"}},
	{"industry", "不同行业费率", []string{"{i}刷卡费率多少", "{i}是不是优惠费率", "我是做{i}的 扣点为啥高", "{i}能不能降点", "{i}跟别的行业费率一样吗"}, []string{"card fee for a {I} with {A}", "why is my {I} rate higher"},
		[]string{"费率和登记的行业类别（MCC）有关：{i}登记的类别决定了费率。", "登记的行业和实际不符，可能被判为异常交易。", "行业费率以{a}的合同为准，有疑问在{app}看登记的行业。", "想调整的，提供营业执照、门头照片找{service}申请。"},
		"费率和登记的行业类别有关，{i}按登记类别计费；登记和实际不符可能被判异常。在{app}看登记行业，要改找服务商。", "Rates depend on the registered industry; a {I} is charged by its category. A mismatch can be flagged; check it in the app.",
		"Card fees depend on the industry category (MCC) your shop is registered under; a {I} pays the rate of its category with {A}. A category that does not match your real business can be flagged. Check it in the app and ask your provider to correct it.", []string{"行业费率", "MCC", "行业类别", "industry rate"}},
}

func feesArticle(g *gen) *draft {
	a := pick(g.r, g.acquirers)
	p := pick(g.r, products[:9])
	it := &feeItems[g.r.IntN(len(feeItems))]
	v := g.acqVars(a)
	v["p"], v["P"] = p.zh, p.en
	combo := "fees/" + a.slug + "/" + p.slug + "/" + it.slug
	id := "fees-" + a.slug + "-" + p.slug + "-" + it.slug
	title := v.fill("{a}{p}" + it.zh)
	if it.slug == "industry" {
		in := pick(g.r, industries)
		v["i"], v["I"] = in.zh, in.en
		combo, id, title = "fees/"+a.slug+"/"+in.slug, "fees-"+a.slug+"-industry-"+in.slug, v.fill("{a}{i}商户的费率")
	}
	var b strings.Builder
	section(&b, "费用说明", v.all(it.body), false)
	g.cases(&b, v.all(it.asks), outcomesFees, false)
	para(&b, "怎么核对", v.fill(pick(g.r, []string{"在{app}的“费率信息”里看你执行的费率，在“结算明细”里看每笔扣了多少。", "拿签购单、结算单和{app}里的明细对一对，每笔手续费都能查到。", "费率以合同为准；看不懂的截图发给{service}，或让 posbot 帮你转人工。"})))
	return &draft{
		v:        v,
		combo:    combo,
		id:       id,
		title:    title,
		topic:    kb.TopicFees,
		keywords: append([]string{a.zh, p.zh, strings.ToLower(a.en), "费率", "手续费"}, it.kw...),
		zh:       []qset{cross([]string{"", "请问", "{a}", "{a}{p}", "我用{a}的{p}，"}, it.asks, []string{"", "？", "正常吗", "啊"})},
		trad:     []qset{cross([]string{"", "{a}"}, it.asks, []string{"", "點計", "係咪"})},
		en:       []qset{cross([]string{"", "{A}: ", "with {A}, ", "{A} {P}: "}, it.enAsks, []string{"", "?"})},
		short:    v.fill(it.short),
		shortEN:  v.fill(it.shEN),
		answer:   v.fill(it.answer),
		body:     b.String(),
	}
}
