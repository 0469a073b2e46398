package kbgen

import (
	"strings"

	"github.com/posbot/posbot/internal/kb"
)

// topicItem is one kind of question of a family: its phrasings, the body's
// points and the answers.
type topicItem struct {
	slug, zh    string
	asks        []string
	enAsks      []string
	body        []string
	steps       []string
	short, shEN string
	answer      string
	kw          []string
	done        []string // how such cases end, when the family's endings do not fit
}

var applicationItems = []topicItem{
	{slug: "apply", zh: "怎么申请开通",
		asks: []string{"{t}怎么申请{p}", "想办一台{p}", "{a}的{p}怎么开通", "{t}能不能装{p}", "办{p}要多久"}, enAsks: []string{"how do I apply for a {P} as a {T}", "how long does it take to get a {P}"},
		body:  []string{"{t}可以通过{a}的{service}或{app}在线申请{p}。", "审核一般{review}个工作日，通过后寄送或上门安装。"},
		steps: []string{"在{app}或找{service}提交申请，选择{p}。", "上传身份证、结算卡、经营场所照片（{t}另需对应材料）。", "完成人脸实名认证，等待审核（{review}个工作日左右）。", "收到设备后激活、签到，小额试刷。"},
		short: "{t}在{app}或找{service}申请{p}：交身份证、结算卡、经营场所照片，人脸认证后审核约{review}个工作日，收到后激活签到。", shEN: "Apply in the {A} app or through your provider: ID, settlement card, shop photos, face verification; review takes about {review} working days.",
		answer: "As a {T}, apply for a {P} in the {A} app or through your service provider with your ID card, settlement card and photos of the shop, then pass face verification. Review takes about {review} working days; then activate and sign on.", kw: []string{"申请", "开通", "办理", "apply"}},
	{slug: "documents", zh: "需要准备什么材料",
		asks: []string{"{t}办{p}要什么材料", "申请{p}需要营业执照吗", "没有执照能办{p}吗", "{p}进件资料清单", "办{p}要交哪些照片"}, enAsks: []string{"what documents does a {T} need for a {P}", "do I need a business licence for a {P}"},
		body:  []string{"{t}申请{a}{p}的材料："},
		steps: []string{"经营者（法人）身份证正反面。", "本人名下的一类借记卡（结算卡）。", "营业执照（{t}为小微商户时可免，改用经营场所证明）。", "门头照、店内经营照、收银台照片。", "租赁合同或场地证明（部分行业）。", "特殊行业的许可证（如药店、餐饮）。"},
		short: "{t}办{a}{p}：身份证、本人一类结算卡、营业执照（小微可免）、门头和店内照片，特殊行业加许可证。", shEN: "{T} applying for a {P}: ID card, your own Class I debit card, licence (micro merchants excepted), shop photos, and permits for special trades.",
		answer: "A {T} applying for a {P} with {A} needs: the owner's ID card, a Class I debit card in the owner's name, a business licence (micro merchants may use proof of premises instead), photos of the shop front, inside and counter, and permits for special trades.", kw: []string{"材料", "资料", "进件", "营业执照", "documents"}},
	{slug: "change-card", zh: "怎么更换结算卡",
		asks: []string{"{p}结算卡怎么换", "想换一张卡收款", "结算卡丢了怎么改", "{a}改结算卡", "换结算卡要什么"}, enAsks: []string{"how do I change the settlement card", "my settlement card is lost, how do I change it"},
		body:  []string{"结算卡可以在{app}里自助更换，审核1到{review}个工作日。"},
		steps: []string{"在{app}“结算信息”里选“更换结算卡”。", "上传新卡照片，新卡须是本人一类借记卡。", "完成短信或人脸验证。", "审核通过后新交易打到新卡；审核期间出款可能暂缓。"},
		short: "在{app}“结算信息”里更换，上传本人一类借记卡照片并验证，审核1到{review}个工作日，期间出款可能暂缓。", shEN: "Change it under settlement info in the {A} app with a photo of your own Class I debit card; review takes 1 to {review} working days.",
		answer: "Change the settlement card under settlement info in the {A} app: upload a photo of a Class I debit card in your own name and verify; review takes 1 to {review} working days and payouts may wait meanwhile.", kw: []string{"更换结算卡", "换卡", "结算卡", "settlement card"}},
	{slug: "move", zh: "搬店、换经营地址",
		asks: []string{"店搬了{p}要报备吗", "换地址了还能用{p}吗", "搬到新店怎么改地址", "{p}带到新店刷被拦", "经营地址变更怎么弄"}, enAsks: []string{"I moved my shop, do I need to report it", "how do I change the business address"},
		body:  []string{"{p}登记了经营地址，搬店后不报备，刷卡可能因“定位不符”被拦，甚至被暂停。"},
		steps: []string{"搬店前在{app}或找{service}提交地址变更。", "上传新门头照、店内照、新地址的租赁合同。", "审核通过后再在新店使用。", "跨城市搬迁的，可能要重新办理。"},
		short: "搬店前在{app}或找服务商提交地址变更，上传新门头照和租赁合同，审核通过再用，否则可能因定位不符被拦或暂停。", shEN: "Report the new address in the app before moving, with new shop photos and lease; use the {P} there after approval, or it may be blocked.",
		answer: "Report the new address in the {A} app or to your provider before moving, with photos of the new shop and the lease; use the {P} there only after approval, otherwise sales may be blocked for a location mismatch or the terminal suspended.", kw: []string{"搬店", "移机", "地址变更", "经营地址", "address change"}},
	{slug: "add-terminal", zh: "增加一台终端",
		asks: []string{"能不能再加一台{p}", "分店也想要{p}", "一个商户号能绑几台{p}", "{t}最多办几台", "加机器要收费吗"}, enAsks: []string{"can I get a second {P}", "how many terminals can one merchant have"},
		body:  []string{"同一商户号可以申请多台{p}，数量按经营规模审核。"},
		steps: []string{"在{app}或找{service}申请增机。", "说明使用地点；分店在不同地址的要另行登记。", "押金按{deposit}元一台（以协议为准）。", "收到后激活、签到。"},
		short: "同一商户号可以在{app}或找服务商申请增机，按经营规模审核；分店不同地址要另行登记，押金以协议为准。", shEN: "One merchant number can have several {P}s; apply in the app or via your provider. Branches at other addresses must be registered separately.",
		answer: "One merchant number can have several {P}s, approved by business size: apply in the {A} app or via your provider. Branches at another address must be registered separately; deposits follow your agreement.", kw: []string{"增机", "加一台", "多台", "分店", "second terminal"}},
	{slug: "replace", zh: "旧机换新机",
		asks: []string{"旧{p}能换新的吗", "机器太老了想换", "{p}以旧换新", "换机要交钱吗", "换了新机旧机怎么办"}, enAsks: []string{"can I swap my old {P} for a new one", "is there a fee to replace the terminal"},
		body:  []string{"{a}的{p}用满一定年限或故障过保，可以申请换机。"},
		steps: []string{"在{app}或找{service}申请换机，说明原因。", "新机到手后激活，旧机停用。", "旧机按要求寄回，押金按协议处理。", "换机不改商户号，交易记录保留。"},
		short: "在{app}或找服务商申请换机，新机激活后旧机停用并按要求寄回；不改商户号，交易记录保留。", shEN: "Ask in the app or your provider for a replacement; activate the new one, return the old. Your merchant number and history stay.",
		answer: "Ask for a replacement in the {A} app or through your service provider; activate the new {P}, then return the old one as instructed. Your merchant number and transaction history stay the same.", kw: []string{"换机", "以旧换新", "新机", "replace terminal"}},
	{slug: "cancel", zh: "不用了怎么注销退机",
		asks: []string{"不想用{p}了怎么退", "关店了{p}怎么注销", "{a}退机流程", "退机押金能退吗", "注销以后还有钱没结怎么办"}, enAsks: []string{"how do I cancel and return the {P}", "closing my shop, what about the terminal"},
		body:  []string{"不用了要走注销退机流程，不要直接扔掉或转给别人用。"},
		steps: []string{"先确认所有交易已结算到账。", "在{app}或找{service}申请注销终端/商户。", "按要求寄回设备，押金按协议退还。", "注销后流量卡停用，不再扣费。"},
		short: "先确认交易都已到账，再在{app}或找服务商申请注销，寄回设备，押金按协议退；不要转给别人用。", shEN: "Make sure all sales are paid out, then apply to cancel in the app or via your provider and return the device; never pass it to someone else.",
		answer: "Make sure every sale has been paid out, then apply to cancel the terminal in the {A} app or through your provider and return the device; the deposit follows your agreement and the data SIM stops. Never hand the terminal to someone else.", kw: []string{"注销", "退机", "销户", "cancel"}},
	{slug: "enable-foreign", zh: "开通外卡收款",
		asks: []string{"{p}能刷外卡吗", "怎么开通Visa收款", "外国游客刷不了卡", "{t}能开外卡吗", "开外卡要什么条件"}, enAsks: []string{"can the {P} accept Visa and Mastercard", "how do I enable foreign cards"},
		body:  []string{"外卡（Visa、万事达、JCB、美国运通等）要单独开通，{p}不一定支持。"},
		steps: []string{"找{service}申请开通外卡，确认你的机型支持。", "一般要营业执照，个别行业不开放。", "外卡费率高于银联卡，先问清楚。", "开通后重新签到，用外卡小额试一笔。"},
		short: "外卡要单独开通，{p}不一定支持：找服务商申请，一般要营业执照，费率比银联卡高，开通后重新签到试刷。", shEN: "Foreign cards must be enabled separately and not every {P} supports them; ask your provider, a licence is usually needed and fees are higher.",
		answer: "Foreign cards (Visa, Mastercard, JCB, American Express) must be enabled separately and not every {P} supports them. Ask your provider; a business licence is usually required and fees are higher than for UnionPay cards. Sign on again afterwards.", kw: []string{"外卡", "开通外卡", "visa", "foreign cards"}},
	{slug: "change-phone", zh: "更换绑定手机号",
		asks: []string{"商户绑定的手机号换了", "{app}登录手机号怎么改", "原来的号码不用了收不到验证码", "法人手机号变更", "手机号注销了怎么登录"}, enAsks: []string{"how do I change the phone number on my merchant account", "I lost my old phone number, how do I log in"},
		body:  []string{"商户的登录手机号可以在{app}里更换；原号码收不到验证码的，要人工核实身份。"},
		steps: []string{"在{app}“账户安全”里选“更换手机号”。", "原号能收验证码的，按提示验证后改新号。", "原号不能用的，上传身份证并做人脸验证，提交人工审核。", "任何人打电话要你的验证码，都不要给。"},
		short: "在{app}“账户安全”里更换手机号；原号收不到验证码就上传身份证、人脸验证走人工审核。验证码不要给任何人。", shEN: "Change it under account security in the app; without the old number, upload your ID and pass face verification for a manual review.",
		answer: "Change the phone number under account security in the {A} app. If the old number cannot receive codes, upload your ID card and pass face verification for a manual review. Never give a verification code to anyone who calls you.", kw: []string{"手机号", "更换手机号", "验证码", "phone number"}},
}

func applicationArticle(g *gen) *draft {
	a := pick(g.r, g.acquirers)
	p := pick(g.r, products)
	mt := pick(g.r, merchantTypes)
	it := &applicationItems[g.r.IntN(len(applicationItems))]
	v := g.acqVars(a)
	v["p"], v["P"], v["t"], v["T"] = p.zh, p.en, mt.zh, mt.en
	var b strings.Builder
	para(&b, "说明", v.fill(strings.Join(it.body, "")))
	section(&b, "怎么办", v.all(it.steps), true)
	g.cases(&b, v.all(it.asks), outcomesApplication, false)
	para(&b, "注意", v.fill(pick(g.r, []string{
		"只通过{app}或{a}的正规{service}办理，不要把身份证、银行卡交给来路不明的人代办。",
		"办理要本人操作和人脸认证，别人冒用你的身份办机是违法的。",
		"办理进度在{app}里能查；资料不全会被退回，按提示补齐即可。",
	})))
	return &draft{
		v:        v,
		combo:    "application/" + a.slug + "/" + p.slug + "/" + mt.slug + "/" + it.slug,
		id:       "application-" + a.slug + "-" + p.slug + "-" + mt.slug + "-" + it.slug,
		title:    v.fill(pick(g.r, []string{"{t}{a}{p}" + it.zh, "{a}{p}：{t}" + it.zh, it.zh + "（{a}{p}，{t}）"})),
		topic:    kb.TopicApplication,
		keywords: append([]string{a.zh, p.zh, mt.zh, strings.ToLower(a.en), p.aliases[0]}, it.kw...),
		zh:       []qset{cross([]string{"", "我是{t}，", "请问", "{a}", "{a}{p}", "{t}用{a}，"}, it.asks, []string{"", "？", "呢", "流程是啥"})},
		trad:     []qset{cross([]string{"", "{a}"}, it.asks, []string{"", "點搞", "要點做"})},
		en:       []qset{cross([]string{"", "{A}: ", "{A} {P}: ", "as a {T} with {A}, "}, it.enAsks, []string{"", "?"})},
		short:    v.fill(it.short),
		shortEN:  v.fill(it.shEN),
		answer:   v.fill(it.answer),
		body:     b.String(),
	}
}

var blockedItems = []topicItem{
	{done: []string{"提供了进货合同以后，单笔限额调高了。", "顾客改用扫码和转账分别付了，没有拆单。"}, slug: "single-limit", zh: "单笔限额", asks: []string{"刷{x}万提示超过单笔限额", "单笔最多能刷多少", "{p}大额刷不过去", "{a}单笔限额{single}万", "大单怎么收"}, enAsks: []string{"single sale limit on the {P}", "large card payment is blocked"},
		body: []string{"{a}对{t}的{p}设了单笔限额，一般{single}万元，超过会提示超限或禁止交易。"}, steps: []string{"让顾客换用其他方式，或分次付款前先问{service}（不要自己拆单）。", "需要长期收大额的，提供营业执照、进货合同等申请提额。", "顾客自己的卡也有限额，换卡试试。"},
		short: "{a}{p}单笔限额一般{single}万，超了会被拦。不要自己拆单；长期收大额的带执照和合同找服务商申请提额。", shEN: "{A} limits single sales on the {P} (about {single}0,000 yuan). Do not split sales; ask your provider to raise the limit with your licence and contracts.",
		answer: "{A} limits single card sales on the {P}, typically to {single}0,000 yuan for a {T}. Do not split a sale into several; if you regularly take large payments, ask your provider for a higher limit with your licence and purchase contracts.", kw: []string{"单笔限额", "超限", "大额", "single limit"}},
	{done: []string{"交了近三个月流水，日限额提高了。", "当天改用扫码收款，第二天额度就恢复了。"}, slug: "daily-limit", zh: "单日限额", asks: []string{"今天刷到{daily}万就刷不了了", "提示超过单日限额", "每天限额太低", "{p}一天最多刷多少", "日限额怎么提"}, enAsks: []string{"daily limit reached on my {P}", "how do I raise the daily limit"},
		body: []string{"{a}对{t}设了单日累计限额，约{daily}万元，到了当天就不能再刷。"}, steps: []string{"当天改用扫码或转账等其他合规方式。", "第二天零点后额度恢复。", "需要提额的，准备营业执照、近三个月流水找{service}申请。"},
		short: "{a}{t}单日限额约{daily}万，到了当天就刷不了，第二天恢复。要提额带执照和近三个月流水找服务商申请。", shEN: "{A} sets a daily total (about {daily}0,000 yuan); after it, sales stop until the next day. Ask your provider for more with your licence and statements.",
		answer: "{A} caps daily card sales for a {T} at about {daily}0,000 yuan; after that no more sales go through until the next day. To raise it, give your provider your licence and three months of statements.", kw: []string{"单日限额", "日限额", "提额", "daily limit"}},
	{done: []string{"报备了真实营业时间后，夜间也能正常刷卡了。", "原来是日切，等了几分钟就能刷了。"}, slug: "night", zh: "夜间交易受限", asks: []string{"{nightfrom}以后刷不了卡", "晚上刷卡提示禁止交易", "半夜{p}用不了", "夜间限额是多少", "通宵营业怎么办"}, enAsks: []string{"card sales blocked at night on the {P}", "we open all night, can night sales be allowed"},
		body: []string{"{a}对部分{t}在{nightfrom}到{nightto}之间限制刷卡或降低限额。"}, steps: []string{"23点前后几分钟失败的是日切，等几分钟再试。", "确实夜间营业的，拍夜间营业照片报备真实营业时间。", "报备通过前夜间改用扫码。"},
		short: "{a}对部分商户{nightfrom}到{nightto}限制刷卡。日切前后几分钟失败的等一会再刷；确实夜间营业就拍照报备营业时间。", shEN: "{A} limits card sales for some merchants between {nightfrom} and {nightto}. If you trade at night, report your real opening hours with photos.",
		answer: "{A} restricts card sales for some merchants between {nightfrom} and {nightto}. Failures for a few minutes around the day cut-off are just the cut-off. If you really trade at night, report your opening hours with photos of the shop open at night.", kw: []string{"夜间交易", "夜间受限", "晚上刷不了", "night"}},
	{done: []string{"按要求报备新地址后恢复。", "回到店里以后刷卡正常。"}, slug: "location", zh: "异地交易、定位不符被拦", asks: []string{"带{p}去外地刷不了", "提示定位不符", "在{c}刷卡被拦了", "异地交易不让刷", "出差能不能带着机器"}, enAsks: []string{"terminal blocked outside my city", "location mismatch error on the {P}"},
		body: []string{"{p}只能在登记的经营地址附近使用，到{c}等外地使用会被判为异地交易拦截。"}, steps: []string{"回到登记的经营地址使用。", "长期到外地经营的，先报备新地址。", "展会、临时摆摊，提前问{service}能否临时报备。", "不要把机器借给别人在外地刷。"},
		short: "{p}只能在登记地址附近用，到外地会被拦。回登记地址使用；长期外地经营先报备新地址，临时展会提前问服务商。", shEN: "The {P} works only near its registered address; elsewhere it is blocked. Report a new address first; ask your provider about fairs.",
		answer: "The {P} may only be used near its registered address; using it elsewhere (e.g. in {C}) is blocked as an off-site sale. Use it at your registered address, report a new address before trading elsewhere, and ask your provider beforehand about fairs.", kw: []string{"异地交易", "定位不符", "移机", "外地", "location"}},
	{done: []string{"顾客换了一张卡，一次刷完。", "提供了分次提货的订单，核实后解除了限制。"}, slug: "same-card", zh: "同一张卡连刷被拦", asks: []string{"同一张卡刷了三笔就被拦", "一张卡连续刷失败", "顾客分几次刷被拒", "同卡频繁交易提示风险", "为啥第二笔就不让刷了"}, enAsks: []string{"same card blocked after several sales", "repeated swipes of one card are refused"},
		body: []string{"同一张卡短时间内多次交易、金额相近或整数，容易被风控判为拆单、套现。"}, steps: []string{"一笔消费一次刷完，不要拆单。", "连续失败的不要反复重刷，换卡或换方式。", "真实的多次消费（如分次提货），保留订单、小票作证明。"},
		short: "同卡短时间多次刷、金额相近或整数，容易被当作拆单套现拦下。一笔一次刷完，失败别反复重刷，保留真实订单作证明。", shEN: "Several close sales on one card look like split sales and are blocked. Take each sale once; do not retry repeatedly; keep order proof.",
		answer: "Several sales on the same card within a short time, with similar or round amounts, look like split sales or cash-out and are blocked by risk control. Take each sale in one go, do not retry failures repeatedly, and keep orders and slips for genuine repeat purchases.", kw: []string{"同卡", "连刷", "拆单", "频繁交易", "split sale"}},
	{done: []string{"改了登记的行业类别后恢复正常。", "提供了门头和经营照片，核实后解除了限制。"}, slug: "mcc", zh: "行业类别不符被限制", asks: []string{"我是{i} 怎么说交易和行业不符", "提示商户类别受限", "{i}刷大额被拦", "登记的行业不对怎么改", "经营范围不符限制交易"}, enAsks: []string{"blocked because the industry does not match", "my {I} is registered under the wrong category"},
		body: []string{"{i}登记的行业类别（MCC）和实际交易不符，比如金额、时间和行业特征差别很大，会被限制。"}, steps: []string{"在{app}查登记的行业类别。", "和实际经营不符的，提供营业执照、门头和经营照片找{service}修改。", "不要让别人用你的机器收与本店无关的款。"},
		short: "{i}登记的行业和实际交易不符会被限制。在{app}查登记行业，不符就带执照和经营照片找服务商修改；别替别人收款。", shEN: "A {I} whose sales do not match its registered industry gets restricted. Check the category in the app and ask your provider to correct it.",
		answer: "Sales that do not fit the industry your {I} is registered under (amounts, times, patterns) get restricted. Check the category in the {A} app; if it is wrong, ask your provider to correct it with your licence and shop photos. Never take payments for other businesses.", kw: []string{"行业不符", "MCC", "经营范围", "商户类别", "industry mismatch"}},
	{done: []string{"提供了进货单和订单，核实后解除了限制。", "按实际价格收款以后没再被拦。"}, slug: "round-amount", zh: "大额整数交易被拦", asks: []string{"刷整数金额被拦", "刷了个一万整被风控了", "整数金额是不是不能刷", "连续大额整数交易提示异常", "为啥5000整刷不了"}, enAsks: []string{"round amount sale was blocked", "is a round number sale suspicious"},
		body: []string{"频繁的大额整数交易是套现的典型特征，风控会重点关注。"}, steps: []string{"按真实商品价格收款，金额和小票、订单一致。", "被拦的，准备订单、发票等证明联系{service}。", "不要为顾客刷卡套现，这是违规的。"},
		short: "频繁大额整数交易是套现的典型特征，会被风控关注。按真实价格收款并留订单发票；被拦就带证明找服务商，别替人套现。", shEN: "Frequent large round amounts look like cash-out and are checked by risk control. Charge real prices, keep orders and invoices.",
		answer: "Frequent large round-number sales are a classic cash-out pattern and risk control watches them. Charge the real price of goods, keep orders and invoices, and send proof to your provider if a sale is blocked. Never process cash-out for customers.", kw: []string{"整数交易", "大额整数", "套现", "round amount"}},
	{done: []string{"提供了销售记录，核实后恢复了信用卡交易。", "说明情况后恢复，之后按真实消费收款。"}, slug: "credit-concentration", zh: "信用卡交易占比过高", asks: []string{"信用卡刷得多被限制了", "提示信用卡交易占比过高", "只能刷储蓄卡了", "信用卡被限额", "为啥不让刷信用卡"}, enAsks: []string{"credit card sales restricted on my terminal", "too many credit card sales warning"},
		body: []string{"信用卡交易占比长期过高、集中在少数几张卡，会被怀疑套现，{a}可能限制信用卡交易。"}, steps: []string{"查看近期交易，确认都是真实消费。", "准备进货单、销售记录等经营证明。", "联系{service}说明情况、申请恢复。"},
		short: "信用卡占比长期过高、集中在几张卡会被怀疑套现而限制。确认都是真实消费，带进货单销售记录找服务商申请恢复。", shEN: "A very high share of credit card sales from a few cards looks like cash-out. Gather proof of real trade and ask your provider to lift it.",
		answer: "A persistently high share of credit card sales, concentrated on a few cards, looks like cash-out, and {A} may restrict credit cards. Gather proof of genuine trade (purchase and sales records) and ask your provider to lift the restriction.", kw: []string{"信用卡占比", "信用卡受限", "credit card restricted"}},
}

func blockedArticle(g *gen) *draft {
	a := pick(g.r, g.acquirers)
	p := pick(g.r, products[:4])
	mt := pick(g.r, merchantTypes)
	it := &blockedItems[g.r.IntN(len(blockedItems))]
	v := g.acqVars(a)
	v["p"], v["P"], v["t"], v["T"] = p.zh, p.en, mt.zh, mt.en
	v["x"] = pick(g.r, []string{"3", "5", "8", "10", "12", "20"})
	combo := "blocked/" + a.slug + "/" + p.slug + "/" + mt.slug + "/" + it.slug
	id := "blocked-" + a.slug + "-" + p.slug + "-" + mt.slug + "-" + it.slug
	title := v.fill(pick(g.r, []string{"{a}{p}" + it.zh, "{t}" + it.zh + "（{a}）", "{a}{t}：" + it.zh}))
	switch it.slug {
	case "location":
		c := pick(g.r, cities)
		v["c"], v["C"] = c.zh, c.en
		combo, id, title = "blocked/"+a.slug+"/"+p.slug+"/"+c.slug, "blocked-"+a.slug+"-"+p.slug+"-offsite-"+c.slug, v.fill("{a}{p}带到{c}刷卡被拦（异地交易）")
	case "mcc":
		in := pick(g.r, industries)
		v["i"], v["I"] = in.zh, in.en
		combo, id, title = "blocked/"+a.slug+"/"+in.slug, "blocked-"+a.slug+"-mcc-"+in.slug, v.fill("{i}商户交易和行业不符被限制（{a}）")
	}
	var b strings.Builder
	para(&b, "为什么", v.fill(strings.Join(it.body, "")))
	section(&b, "现在就做", v.all(it.steps), true)
	g.cases(&b, v.all(it.asks), or(it.done, outcomesRisk), true)
	section(&b, "需要准备", subset(g.r, []string{"商户号、终端号", "被拦交易的时间、金额和屏幕提示", "营业执照、门头照、店内照", "进货单、销售订单、发票", "租赁合同"}, 2, 4), false)
	para(&b, "如何预防", v.fill(pick(g.r, []string{"每一笔都对应真实的商品或服务，金额和小票一致，不拆单、不替别人刷卡。", "经营情况变了（地址、营业时间、经营范围）先报备，再照常收款。", "限额、时段规则以{a}的协议和通知为准，拿不准先问{service}。"})))
	return &draft{
		v:        v,
		combo:    combo,
		id:       id,
		title:    title,
		topic:    kb.TopicBlocked,
		keywords: append([]string{a.zh, p.zh, mt.zh, "拦截", "受限", "禁止交易", strings.ToLower(a.en)}, it.kw...),
		zh:       []qset{cross([]string{"", "{a}", "我的{p}", "{t}", "{a}{p}", "{t}用{a}{p}，"}, it.asks, []string{"", "？", "怎么办", "咋回事"})},
		trad:     []qset{cross([]string{"", "{a}"}, it.asks, []string{"", "點算", "點解"})},
		en:       []qset{cross([]string{"", "{A}: ", "{A} {P}: ", "{T} with {A}: "}, it.enAsks, []string{"", "?", ", what can I do"})},
		short:    v.fill(it.short),
		shortEN:  v.fill(it.shEN),
		answer:   v.fill(it.answer),
		body:     b.String(),
	}
}

var suspensionItems = []topicItem{
	{done: []string{"上传新执照后，三个工作日恢复了收款。", "换了新身份证上传后恢复。"}, slug: "licence-expired", zh: "营业执照过期被暂停", asks: []string{"执照过期了机器被停了", "营业执照到期商户暂停", "换了新执照怎么恢复", "提示证照过期", "执照年检没过被停用"}, enAsks: []string{"terminal suspended because my licence expired", "how to reactivate after renewing the licence"},
		body: []string{"营业执照或身份证过期后，{a}会暂停{t}的收款，直到更新资料。"}, steps: []string{"办好新执照（或新身份证）。", "在{app}的“资料更新”里上传。", "审核{review}个工作日左右，通过后自动恢复。", "暂停前的交易款照常结算。"},
		short: "执照或身份证过期会被暂停收款。办好新证件在{app}“资料更新”里上传，审核约{review}个工作日后恢复，之前的钱照常结算。", shEN: "An expired licence or ID suspends payments. Upload the new one in the app; after about {review} working days it is reactivated.",
		answer: "When the business licence or ID card expires, {A} suspends payments for a {T} until the documents are updated. Upload the new document in the app; review takes about {review} working days. Money from earlier sales is paid out as usual.", kw: []string{"执照过期", "证照过期", "身份证过期", "licence expired"}},
	{done: []string{"重新实名认证后，第二天恢复使用。", "补拍了经营场所照片后恢复。"}, slug: "dormant", zh: "长期不交易被停用", asks: []string{"好久没用机器被停了", "半年没刷卡提示终端停用", "闲置的机器还能用吗", "长时间不交易会怎样", "睡眠终端怎么激活"}, enAsks: []string{"terminal disabled after months without use", "can I reactivate a dormant terminal"},
		body: []string{"{p}长时间（一般几个月）没有交易，会被{a}列为睡眠终端并停用。"}, steps: []string{"在{app}申请恢复，或找{service}。", "可能要重新做实名认证和拍经营场所照片。", "恢复后签到，小额试刷。", "确定不用的，走退机流程。"},
		short: "长时间不交易的{p}会被列为睡眠终端停用。在{app}或找服务商申请恢复，可能要重新实名和拍经营照，恢复后签到试刷。", shEN: "A {P} unused for months is disabled as dormant. Ask in the app or your provider to reactivate; you may need to verify again.",
		answer: "A {P} with no sales for several months is disabled as dormant by {A}. Ask to reactivate it in the app or through your provider; you may need to verify your identity and send shop photos again. Sign on and try a small sale afterwards.", kw: []string{"长期不用", "睡眠终端", "停用", "dormant"}},
	{done: []string{"补交材料后，五个工作日左右恢复收款，之前的钱也放了。", "核查通过后恢复，暂缓的钱全部结算到账。"}, slug: "risk-review", zh: "风控核查暂停", asks: []string{"被风控暂停了", "提示风险交易暂停受理", "说要核查交易把机器停了", "风控要我交材料", "核查要多久"}, enAsks: []string{"suspended for a risk review", "what documents for the risk check"},
		body: []string{"{a}的风控发现异常交易（大额、频繁、夜间、异地等），会暂停{t}的收款并要求核查。"}, steps: []string{"在{app}或短信通知里看要交的材料和期限。", "按要求提交：身份证、经营照片、进货单、交易对应的订单或发票。", "核查一般{review}个工作日。", "核查期间的交易款可能暂缓结算，核实无误后放款。"},
		short: "风控发现异常会暂停收款并要求核查。按{app}或短信通知交材料（身份证、经营照、进货单、订单发票），一般{review}个工作日，无误后放款。", shEN: "Risk control suspends payments to review unusual sales. Send the documents the app asks for; review takes about {review} working days.",
		answer: "When {A}'s risk control sees unusual sales (large, frequent, at night, off-site), it suspends payments and asks for a review. Send the documents listed in the app or text message (ID, shop photos, purchase records, orders or invoices for the sales); review takes about {review} working days, then held money is released.", kw: []string{"风控", "核查", "暂停受理", "risk review"}},
	{done: []string{"和顾客协商退款后撤了投诉，账户恢复。", "提交了发货记录和聊天记录，申诉通过。"}, slug: "complaint", zh: "被顾客投诉后暂停", asks: []string{"顾客投诉了我就被停了", "投诉多了商户被冻结", "有人举报我的收款码", "被投诉怎么申诉", "说我欺诈把账户关了"}, enAsks: []string{"suspended after customer complaints", "how do I appeal a complaint"},
		body: []string{"顾客向银行或支付机构投诉（未收到货、质量问题、不认账），投诉多了{a}会暂停收款。"}, steps: []string{"在{app}查投诉的交易和原因。", "和顾客协商处理，能退款的尽快退。", "提交说明和证据：订单、发货记录、聊天记录。", "处理完毕后申请恢复。"},
		short: "投诉多了会被暂停。在{app}查投诉的交易，能退就和顾客协商退款，再交订单、发货、聊天记录等说明申请恢复。", shEN: "Complaints can suspend payments. Find the disputed sales in the app, settle with customers, then send proof and ask to be reactivated.",
		answer: "Customer complaints (goods not received, quality, unrecognised payments) can lead {A} to suspend payments. Find the complained-about sales in the app, settle with the customers (refund where fair), then send your explanation with orders, delivery and chat records and ask to be reactivated.", kw: []string{"投诉", "举报", "申诉", "complaint"}},
	{done: []string{"补传了清晰的身份证照片，当天就解除了限制。", "做完人脸认证后恢复。"}, slug: "info-missing", zh: "资料不全被限制", asks: []string{"提示资料不全要补充", "说我信息不完整限制收款", "补资料在哪里补", "没补资料会怎样", "要补法人身份证照片"}, enAsks: []string{"asked to complete my merchant information", "payments limited until I update my details"},
		body: []string{"监管要求定期更新商户信息，资料缺失或模糊的，{a}会限制或暂停收款。"}, steps: []string{"在{app}“资料补充”里看缺什么。", "按要求上传清晰的证件和照片。", "完成人脸认证。", "审核通过后自动解除。"},
		short: "资料缺失或模糊会被限制收款。在{app}“资料补充”里看缺什么，上传清晰证件照片、做人脸认证，审核后自动解除。", shEN: "Missing or unclear details limit payments. See what is missing in the app, upload clear documents and pass face verification.",
		answer: "Regulation requires merchant details to be kept up to date; missing or unclear documents lead {A} to limit or suspend payments. See what is missing in the app, upload clear documents and photos, pass face verification, and it is lifted after review.", kw: []string{"资料不全", "补资料", "信息更新", "update details"}},
	{done: []string{"提供了进货单和库存照片，申诉通过后恢复。", "说明了那几笔大额的来历，核实后恢复。"}, slug: "cash-out", zh: "涉嫌套现被关停", asks: []string{"说我套现把机器停了", "涉嫌套现怎么申诉", "我没套现为啥被封", "信用卡刷得多被认为套现", "套现被关停钱还能拿回吗"}, enAsks: []string{"suspended for suspected cash-out", "how do I prove I did not do cash-out"},
		body: []string{"交易特征像套现（整数、大额、集中几张信用卡、和行业不符）时，{a}会关停收款。"}, steps: []string{"如实准备经营证明：进货单、销售记录、库存照片、门头和店内照片。", "说明那几笔可疑交易的真实背景。", "在{app}或通过{service}提交申诉。", "确实替人套现的，停止这种行为；可能影响征信，情节严重的违法。"},
		short: "交易像套现会被关停。准备进货单、销售记录、门头店内照片，说明可疑交易的真实背景，在{app}或找服务商申诉。", shEN: "Sales that look like cash-out get suspended. Prepare proof of real trade and explain the flagged sales; appeal in the app or via your provider.",
		answer: "Sales that look like cash-out (round amounts, large sums, a few credit cards, not fitting your trade) lead {A} to suspend payments. Prepare proof of genuine business and explain the flagged sales, then appeal in the app or through your provider.", kw: []string{"套现", "关停", "申诉", "cash-out"}},
}

func suspensionArticle(g *gen) *draft {
	a := pick(g.r, g.acquirers)
	p := pick(g.r, products[:6])
	mt := pick(g.r, merchantTypes)
	it := &suspensionItems[g.r.IntN(len(suspensionItems))]
	v := g.acqVars(a)
	v["p"], v["P"], v["t"], v["T"] = p.zh, p.en, mt.zh, mt.en
	var b strings.Builder
	para(&b, "为什么", v.fill(strings.Join(it.body, "")))
	section(&b, "现在就做", v.all(it.steps), true)
	g.cases(&b, v.all(it.asks), or(it.done, outcomesRisk), false)
	section(&b, "暂停前的钱", v.all(subset(g.r, []string{"暂停前的交易款一般照常结算；风控核查期间可能暂缓，核实后放款。", "钱不会被“吞”，但拿不准时把商户号发给客服查。", "任何让你先交“解冻费”“保证金”的都是骗局。"}, 1, 3)), false)
	return &draft{
		v:        v,
		combo:    "suspension/" + a.slug + "/" + p.slug + "/" + mt.slug + "/" + it.slug,
		id:       "suspension-" + a.slug + "-" + p.slug + "-" + mt.slug + "-" + it.slug,
		title:    v.fill(pick(g.r, []string{"{a}{t}" + it.zh, it.zh + "怎么恢复（{a}{p}）", "{a}{p}" + it.zh})),
		topic:    kb.TopicSuspension,
		keywords: append([]string{a.zh, p.zh, mt.zh, "暂停", "停用", "恢复", strings.ToLower(a.en)}, it.kw...),
		zh:       []qset{cross([]string{"", "{a}", "我的{p}", "{t}", "{a}{p}", "{t}用{a}{p}，"}, it.asks, []string{"", "？", "怎么办", "咋整", "急"})},
		trad:     []qset{cross([]string{"", "{a}"}, it.asks, []string{"", "點算", "怎麼辦"})},
		en:       []qset{cross([]string{"", "{A}: ", "{A} {P}: ", "{T} with {A}: "}, it.enAsks, []string{"", "?"})},
		short:    v.fill(it.short),
		shortEN:  v.fill(it.shEN),
		answer:   v.fill(it.answer),
		body:     b.String(),
	}
}

var qrItems = []topicItem{
	{slug: "pay-failed", zh: "顾客付款失败", asks: []string{"顾客用{w}付不了", "{w}付款提示失败", "扫了{w}一直转圈", "{w}付款码扫了没反应", "{w}提示交易异常"}, enAsks: []string{"{W} payment fails on my {P}", "customer cannot pay with {W}"},
		body: []string{"{w}付款失败多是顾客一方（余额不足、限额、风控），也可能是网络或{p}的问题。"}, steps: []string{"看{p}或顾客手机上的失败提示。", "请顾客刷新付款码或换一张卡、换一种方式。", "所有顾客都失败的，检查网络，重启{p}。", "仍失败，记下时间和提示联系{service}。"},
		short: "{w}付款失败多是顾客一方：请顾客刷新付款码或换卡换方式。所有人都失败就查网络、重启{p}，仍不行找服务商。", shEN: "{W} failures are mostly on the customer's side: refresh the code or pay another way. If everyone fails, check the network and restart.",
		answer: "{W} payment failures are usually on the customer's side (balance, limit, risk checks): ask them to refresh the code or pay another way. If every customer fails, check the network and restart the {P}, then contact your provider.", kw: []string{"付款失败", "支付失败", "payment failed"}},
	{slug: "double", zh: "顾客说扣了两次", asks: []string{"顾客说{w}扣了两次", "{w}重复扣款怎么退", "扫了两次都扣钱了", "顾客付了两笔我只收到一笔", "{w}多扣了顾客的钱"}, enAsks: []string{"customer was charged twice by {W}", "duplicate {W} payment refund"},
		body: []string{"先在{app}里按时间查这位顾客的{w}订单，确认是否真的成功了两笔。"}, steps: []string{"两笔都成功：在{app}里对其中一笔发起退款。", "只有一笔成功：另一笔是顾客端的待支付或已撤销，会自动退回，请顾客看{w}账单。", "退款一般原路退回，1到7个工作日。"},
		short: "先在{app}里查是否真成功两笔：是就对一笔发起退款；只成功一笔的另一笔会自动退回，请顾客看{w}账单。", shEN: "Check in the app whether two payments really succeeded: refund one if so; otherwise the other is returned automatically.",
		answer: "Look up the customer's {W} orders in the app. If two payments succeeded, refund one of them there; if only one succeeded, the other was never taken or is returned automatically, so ask the customer to check their {W} bill.", kw: []string{"重复扣款", "扣了两次", "多扣", "charged twice"}},
	{slug: "not-received", zh: "顾客付了钱我没收到", asks: []string{"顾客给我看{w}付款成功 我没收到", "{w}显示付了 {app}里没有", "顾客截图说付了", "{p}没播报也没到账", "付款成功但订单没有"}, enAsks: []string{"customer shows a {W} success screen but I got nothing", "payment success on customer's phone, nothing on my side"},
		body: []string{"顾客手机上的“支付成功”截图不能作为收款依据，以{app}里的订单为准。"}, steps: []string{"请顾客出示{w}账单里的交易单号，在{app}里按单号查。", "查不到的，可能付到了别的码（被调包）或是假截图。", "查得到但未到账的，看结算状态。", "把单号、时间、金额发给{service}核查。"},
		short: "以{app}订单为准，不看顾客截图。请顾客给{w}账单的交易单号，在{app}里按单号查；查不到可能付错码或是假截图。", shEN: "Only your app's orders count, not the customer's screenshot. Search by the {W} transaction number; if missing, it went elsewhere or is fake.",
		answer: "Only the orders in your merchant app count, never the customer's screenshot. Ask for the transaction number from their {W} bill and search for it in the app; if it is not there, it was paid to another code or the screenshot is fake.", kw: []string{"付款截图", "没收到", "假截图", "payment screenshot"}},
	{slug: "order-closed", zh: "订单已关闭、超时", asks: []string{"{w}提示订单已关闭", "扫码提示订单超时", "顾客付慢了订单失效", "{w}订单关闭钱扣了吗", "重新下单还是付不了"}, enAsks: []string{"{W} says order closed", "QR order timed out before the customer paid"},
		body: []string{"收款订单有有效期，顾客没在时限内付款，订单会自动关闭。"}, steps: []string{"重新输入金额生成新订单，请顾客重新扫码或出示付款码。", "顾客担心扣款的，请他看{w}账单：关闭的订单不会扣钱。", "反复关闭的，检查网络。"},
		short: "订单超时会自动关闭，关闭的订单不扣钱。重新输金额生成新订单让顾客再付；反复关闭就查网络。", shEN: "Orders expire and close; a closed order takes no money. Enter the amount again for a new order.",
		answer: "Payment orders expire: if the customer does not pay in time the order closes and no money is taken. Enter the amount again for a new order; if orders keep closing, check the network.", kw: []string{"订单关闭", "订单超时", "order closed"}},
	{slug: "risk-warning", zh: "顾客付款时提示风险", asks: []string{"顾客扫码提示有风险", "{w}提示对方账户异常", "扫我的码说存在风险", "{w}弹出谨慎付款", "顾客不敢付"}, enAsks: []string{"{W} warns customers my code is risky", "customers see a risk warning when paying me"},
		body: []string{"{w}对收款方有风险提示，多是商户资料不全、被投诉或收款行为异常。"}, steps: []string{"在{app}里查商户状态和通知。", "补齐资料、完成实名。", "被投诉的处理投诉。", "仍有提示的，联系{service}申请复核。"},
		short: "{w}提示风险多是资料不全、被投诉或收款异常。在{app}查状态和通知，补资料、处理投诉，仍提示就找服务商复核。", shEN: "{W} risk warnings usually mean incomplete details, complaints or unusual collection. Check the app, fix it and ask for a review.",
		answer: "A {W} risk warning on your code usually means incomplete merchant details, complaints or unusual collection patterns. Check your status in the app, complete your details, resolve complaints and ask your provider for a review.", kw: []string{"风险提示", "账户异常", "谨慎付款", "risk warning"}},
	{slug: "limit", zh: "扫码收款超限额", asks: []string{"{w}收款提示超限额", "个人码每天收不了太多", "{w}大额付不了", "扫码一笔最多多少", "{w}限额怎么提高"}, enAsks: []string{"{W} payment over the limit", "how much can I collect by QR in one day"},
		body: []string{"个人收款码和小微商户码有单笔、单日限额；顾客自己的{w}也有付款限额。"}, steps: []string{"看提示是收款方限额还是顾客付款限额。", "顾客限额：请顾客换卡或换方式。", "收款方限额：升级为商户收款码或申请提额。"},
		short: "先看是收款方还是顾客的限额：顾客的请他换卡换方式；收款方的升级为商户收款码或申请提额。", shEN: "See whose limit it is: the customer's (another card or method) or yours (upgrade to a merchant code or raise the limit).",
		answer: "First see whose limit was hit: the customer's own {W} limit (ask for another card or method) or your collection limit (upgrade to a merchant code or ask to raise it).", kw: []string{"扫码限额", "收款限额", "qr limit"}},
}

func qrArticle(g *gen) *draft {
	a := pick(g.r, g.acquirers)
	w := pick(g.r, wallets)
	p := pick(g.r, []*product{products[2], products[4], products[5], products[6], products[7], products[9]})
	it := &qrItems[g.r.IntN(len(qrItems))]
	v := g.acqVars(a)
	v["w"], v["W"], v["p"], v["P"] = w.zh, w.en, p.zh, p.en
	topic := kb.TopicDeclined
	if it.slug == "not-received" {
		topic = kb.TopicMissingCredit
	}
	var b strings.Builder
	para(&b, "先分清", v.fill(strings.Join(it.body, "")))
	section(&b, "现在就做", v.all(it.steps), true)
	g.cases(&b, v.all(it.asks), outcomesDeclined, true)
	para(&b, "提醒", v.fill(pick(g.r, []string{"收款以{app}订单为准，不看顾客截图、不只听音箱播报。", "只用{app}下发的收款码，定期检查码牌有没有被人覆盖调包。", "退款只能原路退回，不要用现金或转账另外退。"})))
	return &draft{
		v:        v,
		combo:    "qr/" + a.slug + "/" + w.slug + "/" + p.slug + "/" + it.slug,
		id:       string(topic) + "-qr-" + a.slug + "-" + w.slug + "-" + p.slug + "-" + it.slug,
		title:    v.fill(pick(g.r, []string{"{w}收款：" + it.zh + "（{a}{p}）", "{a}{p}{w}" + it.zh, it.zh + "（{w}，{p}）"})),
		topic:    topic,
		keywords: append([]string{w.zh, w.en, a.zh, p.zh, "扫码"}, it.kw...),
		zh:       []qset{cross([]string{"", "{p}", "{a}", "{a}{p}", "用{a}的{p}收款，"}, it.asks, []string{"", "？", "怎么办", "咋回事"})},
		trad:     []qset{cross([]string{"", "{a}"}, it.asks, []string{"", "點算", "點解"})},
		en:       []qset{cross([]string{"", "{A}: ", "{A} {P}: ", "{W} on a {P} from {A}: "}, it.enAsks, []string{"", "?"})},
		short:    v.fill(it.short),
		shortEN:  v.fill(it.shEN),
		answer:   v.fill(it.answer),
		body:     b.String(),
	}
}

var cardItems = []topicItem{
	{slug: "not-accepted", zh: "刷不了", asks: []string{"{k}刷不了", "顾客的{k}一刷就失败", "{k}能不能在{p}上刷", "{k}提示不支持此卡", "{k}为啥被拒"}, enAsks: []string{"{K} is refused on my {P}", "can customers pay with a {K}"},
		body: []string{"{k}能不能刷，取决于{a}是否开通了这类卡的受理，以及卡本身的限制。"}, steps: []string{"看屏幕提示或应答码。", "提示不支持此卡：这类卡在你的终端没开通，请顾客换卡或扫码。", "需要长期受理的，找{service}问能否开通。", "同类卡只有一张失败，请顾客联系发卡行。"},
		short: "{k}能否刷取决于终端是否开通这类卡。提示不支持就请顾客换卡或扫码；要长期受理找服务商问能否开通。", shEN: "Whether a {K} works depends on your terminal being enabled for it. 'Card not supported': ask for another card or QR; ask your provider to enable it.",
		answer: "Whether a {K} can be used depends on whether {A} has enabled that card type on your terminal and on the card itself. If it says the card is not supported, ask for another card or a QR payment, and ask your provider about enabling it.", kw: []string{"不支持此卡", "刷不了", "card not supported"}},
	{slug: "pin", zh: "要不要输密码", asks: []string{"{k}要输密码吗", "{k}没有密码怎么刷", "顾客说{k}不用密码", "{k}输密码一直错", "{k}签名还是输密码"}, enAsks: []string{"does a {K} need a PIN", "customer has no PIN for the {K}"},
		body: []string{"{k}是否需要密码，由发卡方决定：国内银联卡大多要密码，部分外卡用签名。"}, steps: []string{"按屏幕提示做：提示输密码就请顾客自己输入，提示签名就在屏幕或签购单上签名。", "顾客不记得密码的，请换卡或扫码。", "商户和店员不能替顾客输密码，也不要问顾客密码。"},
		short: "{k}要不要密码由发卡方决定，按屏幕提示：要密码就请顾客自己输，要签名就签名。不记得密码换卡或扫码，店员别碰密码。", shEN: "The issuer decides whether a {K} needs a PIN or a signature; follow the screen. Staff never enter or ask for a customer's PIN.",
		answer: "Whether a {K} needs a PIN or a signature is up to the issuer; follow the screen. The customer enters the PIN themselves; staff never enter or ask for it. Without the PIN, ask for another card or a QR payment.", kw: []string{"密码", "签名", "pin", "signature"}},
	{slug: "refund", zh: "退款多久到卡上", asks: []string{"{k}退款多久到", "给{k}退了款顾客说没收到", "{k}退款能退现金吗", "{k}隔月退款", "{k}部分退款"}, enAsks: []string{"how long does a refund to a {K} take", "customer has not received the refund on their {K}"},
		body: []string{"{k}的退款原路退回，到账时间由发卡方决定。"}, steps: []string{"在终端或{app}做退货，保留退货签购单。", "国内卡一般1到7个工作日，外卡可能要更久。", "顾客说没收到的，把退货参考号给顾客去问发卡行。", "不要用现金另外退，以免重复退款。"},
		short: "{k}退款原路退回，国内卡一般1到7个工作日，外卡更久。顾客没收到就把退货参考号给他问发卡行；不要另外退现金。", shEN: "Refunds to a {K} go back the original way: 1-7 working days for domestic cards, longer for foreign ones. Give the customer the refund reference.",
		answer: "Refunds to a {K} go back to the card: usually 1 to 7 working days for domestic cards, longer for foreign ones. If the customer has not received it, give them the refund's reference number to ask their bank. Do not refund in cash as well.", kw: []string{"退款", "退货", "refund"}},
	{slug: "currency", zh: "外币和汇率", asks: []string{"{k}扣的是外币吗", "顾客说{k}扣的钱和小票不一样", "{k}汇率谁出", "外卡刷人民币还是美元", "{k}手续费顾客出还是我出"}, enAsks: []string{"in which currency is a {K} charged", "customer says the {K} amount differs from the receipt"},
		body: []string{"在国内刷{k}，交易按人民币发起，顾客账单上的外币金额由发卡方按汇率换算。"}, steps: []string{"小票上的人民币金额就是你收的金额。", "顾客账单金额和小票不一致，是汇率和发卡方货币转换费造成的，请顾客问发卡行。", "商户结算一律按人民币。"},
		short: "国内刷{k}按人民币收，小票金额就是你收的。顾客账单外币金额不同是汇率和发卡方换汇费，请顾客问发卡行。", shEN: "A {K} is charged in yuan; the slip shows what you receive. A different amount on the customer's bill is the issuer's exchange rate and fees.",
		answer: "Sales on a {K} in China are made in yuan; the slip shows what you receive and you are settled in yuan. A different amount on the customer's statement comes from the issuer's exchange rate and conversion fees: they should ask their bank.", kw: []string{"汇率", "外币", "货币转换", "currency"}},
}

func cardArticle(g *gen) *draft {
	a := pick(g.r, g.acquirers)
	k := pick(g.r, cardTypes)
	p := pick(g.r, products[:4])
	it := &cardItems[g.r.IntN(len(cardItems))]
	v := g.acqVars(a)
	v["k"], v["K"], v["p"], v["P"] = k.zh, k.en, p.zh, p.en
	var b strings.Builder
	para(&b, "说明", v.fill(strings.Join(it.body, "")))
	section(&b, "现在就做", v.all(it.steps), true)
	g.cases(&b, v.all(it.asks), outcomesDeclined, true)
	para(&b, "提醒", pick(g.r, []string{"不要问顾客要卡号、密码、有效期和CVV，也不要拍照留存。", "同一张卡失败了不要反复重刷，换卡或换方式更快。", "需要帮忙时，posbot 可以帮你转人工。"}))
	return &draft{
		v:        v,
		combo:    "card/" + a.slug + "/" + k.slug + "/" + p.slug + "/" + it.slug,
		id:       "declined-card-" + a.slug + "-" + k.slug + "-" + p.slug + "-" + it.slug,
		title:    v.fill(pick(g.r, []string{"{k}" + it.zh + "（{a}{p}）", "{a}{p}：{k}" + it.zh, "顾客用{k}：" + it.zh})),
		topic:    kb.TopicDeclined,
		keywords: append([]string{k.zh, strings.ToLower(k.en), a.zh, p.zh}, it.kw...),
		zh:       []qset{cross([]string{"", "顾客", "{a}", "{a}{p}", "我的{a}{p}上"}, it.asks, []string{"", "？", "怎么办", "正常吗"})},
		trad:     []qset{cross([]string{"", "{a}"}, it.asks, []string{"", "點算", "係咪"})},
		en:       []qset{cross([]string{"", "{A}: ", "{A} {P}: ", "on my {P} from {A}, "}, it.enAsks, []string{"", "?"})},
		short:    v.fill(it.short),
		shortEN:  v.fill(it.shEN),
		answer:   v.fill(it.answer),
		body:     b.String(),
	}
}

var regionalItems = []struct {
	topicItem
	topic kb.Topic
}{
	{topicItem{slug: "install", zh: "商户怎么申请上门装机", asks: []string{"{c}能上门装机吗", "{c}哪里办POS机", "在{c}开店想装刷卡机", "{c}{pr}能办{a}的机器吗", "{c}装机要多久"}, enAsks: []string{"can someone install a terminal at my shop in {C}", "how do I get a POS terminal in {C}"},
		body:  []string{"{a}在{pr}{c}有合作{service}，可以上门装机或寄送设备。"},
		steps: []string{"在{app}提交申请，地址选{c}。", "{service}会在1到3个工作日内联系你，约上门时间。", "上门时准备身份证、结算卡、营业执照原件。", "装好后当场签到、试刷一笔。"},
		short: "{c}可以在{app}提交申请，{service}1到3个工作日内联系上门装机；准备身份证、结算卡、营业执照原件，装好当场试刷。", shEN: "In {C}, apply in the {A} app; a provider contacts you within 1-3 working days to install. Have your ID, card and licence ready.",
		answer: "In {C} ({PR}), apply in the {A} app with your address; a local provider contacts you within 1 to 3 working days to install or ship the terminal. Have your ID card, settlement card and licence ready, and try a sale once it is set up.", kw: []string{"上门装机", "装机", "办POS", "install"}}, kb.TopicApplication},
	{topicItem{slug: "repair-point", zh: "售后维修点", asks: []string{"{c}哪里可以修机器", "{c}有没有售后网点", "机器坏了在{c}找谁修", "{c}能当天换机吗", "{pr}的维修点在哪"}, enAsks: []string{"where can I get my terminal repaired in {C}", "is there a service point in {C}"},
		body:  []string{"{a}在{c}的售后由当地{service}负责，不设对外的门店维修点。"},
		steps: []string{"在{app}提交报修，选{c}。", "当地{service}联系你，上门取机或寄修。", "急用的，问能否先换一台备用机。", "不要找网上搜来的“维修电话”，以免被骗或设备被调包。"},
		short: "{c}的售后由当地服务商负责：在{app}提交报修，等联系上门取机或寄修，急用问能否先换备用机。别找网上搜的维修电话。", shEN: "In {C}, repairs go through the local provider: report it in the app; they collect or you ship it. Ask for a spare if urgent.",
		answer: "In {C}, {A}'s after-sales service is handled by the local provider: report the fault in the app and they will collect the device or have you ship it; ask for a spare if you need one at once. Do not call repair numbers found online.", kw: []string{"维修点", "售后", "报修", "repair"}}, kb.TopicDevice},
	{topicItem{slug: "holiday-payout", zh: "春节期间到账安排", asks: []string{"{c}春节期间钱什么时候到", "过年{a}到账安排", "{c}商户春节放假结算", "春节期间秒到还能用吗", "年前最后一天刷的什么时候到"}, enAsks: []string{"payout schedule over Chinese New Year in {C}", "does instant payout work during the Spring Festival"},
		body:  []string{"春节长假期间，{a}{c}商户的T+1结算顺延到节后第一个工作日，D+1和秒到一般照常（额度内）。"},
		steps: []string{"节前有大额用款的，提前安排。", "用T+1的可以节前改成D+1或秒到（注意费用）。", "节后第一个工作日集中出款，入账可能晚几个小时。", "具体以{app}公告为准。"},
		short: "春节长假T+1顺延到节后第一个工作日，D+1和秒到一般照常；节前要用钱的提前安排或改结算方式，以{app}公告为准。", shEN: "Over the Spring Festival, T+1 payouts wait for the first working day after it; D+1 and instant usually continue. See the app's notice.",
		answer: "Over the Spring Festival, {A} pays T+1 settlements for merchants in {C} on the first working day after the holiday; D+1 and instant payouts usually continue within their limits. Plan large payments before the holiday; the app's notice has the exact dates.", kw: []string{"春节", "过年", "放假到账", "spring festival"}}, kb.TopicMissingCredit},
	{topicItem{slug: "inspection", zh: "商户回访和巡检", asks: []string{"{c}有人说来巡检我的机器", "{a}的人要上门拍照", "回访电话要我报验证码", "{c}巡检要收费吗", "巡检是真的吗"}, enAsks: []string{"someone says they will inspect my terminal in {C}", "is the merchant inspection visit real"},
		body:  []string{"{a}会按监管要求对{c}的商户做回访和巡检：核实经营场所、拍门头照、检查机具。"},
		steps: []string{"巡检前一般会在{app}或通过你的{service}通知。", "来人应出示工作证，可以在{app}或向{service}核实身份。", "巡检不收费，也不会要你的密码、验证码或让你转账。", "要求收费、要验证码、要带走机器的，拒绝并向{service}反映。"},
		short: "{c}的回访巡检是真的，会核实场所、拍门头照。但巡检不收费，不要密码、验证码，也不让转账；来人可在{app}核实身份。", shEN: "Merchant inspections in {C} are real (premises, photos, device) but never charge, ask for codes or money. Verify the visitor in the app.",
		answer: "{A} does inspect merchants in {C} as required by regulation: checking the premises, taking photos and looking at the device. An inspection is free and never asks for passwords, verification codes or transfers; verify the visitor with your provider.", kw: []string{"巡检", "回访", "上门检查", "inspection"}}, kb.TopicGeneral},
	{topicItem{slug: "promo", zh: "本地扫码优惠活动", asks: []string{"{c}有没有扫码优惠", "{c}商户费率优惠活动", "听说{pr}有减免手续费", "{c}数字人民币活动", "参加优惠要报名吗"}, enAsks: []string{"are there QR fee discounts for merchants in {C}", "local promotions in {C}"},
		body:  []string{"{a}在{pr}{c}不定期有针对商户的扫码费率优惠、数字人民币推广等活动。"},
		steps: []string{"活动以{app}的“活动中心”公告为准。", "报名后按活动规则享受优惠，到期恢复原费率。", "“交钱就能降费率”的都不是官方活动。", "看不懂规则的，截图问{service}。"},
		short: "{c}的商户优惠活动以{app}“活动中心”公告为准，报名后按规则享受，到期恢复原费率。交钱才能降费率的都不是官方活动。", shEN: "Merchant promotions in {C} are listed in the app's activity centre; they end back at your normal rate. Pay-to-lower-your-rate offers are not official.",
		answer: "Promotions for merchants in {C} ({PR}), such as lower QR fees or e-CNY campaigns, are announced in the {A} app's activity centre; your rate returns to normal when they end. Offers to lower your rate for a fee are not official.", kw: []string{"优惠活动", "费率优惠", "promotion"}}, kb.TopicFees},
}

func regionalArticle(g *gen) *draft {
	a := pick(g.r, g.acquirers)
	c := pick(g.r, cities)
	it := &regionalItems[g.r.IntN(len(regionalItems))]
	v := g.acqVars(a)
	v["c"], v["C"], v["pr"], v["PR"] = c.zh, c.en, c.province, c.provinceEN
	var b strings.Builder
	para(&b, "说明", v.fill(strings.Join(it.body, "")))
	section(&b, "怎么办", v.all(it.steps), true)
	g.cases(&b, v.all(it.asks), outcomesApplication, false)
	para(&b, "适用范围", v.fill(pick(g.r, []string{"本条适用于{pr}{c}的{a}商户，其他地区类似，以当地通知为准。", "{c}及周边区县的商户都适用。", "跨城市经营的，以登记地址所在城市的规定为准。"})))
	return &draft{
		v:        v,
		combo:    "regional/" + a.slug + "/" + c.slug + "/" + it.slug,
		id:       string(it.topic) + "-" + a.slug + "-" + c.slug + "-" + it.slug,
		title:    v.fill("{c}{a}" + it.zh),
		topic:    it.topic,
		keywords: append([]string{c.zh, c.province, a.zh, c.en, strings.ToLower(a.en)}, it.kw...),
		zh:       []qset{cross([]string{"", "请问", "我在{c}"}, it.asks, []string{"", "？", "吗", "谁知道"})},
		trad:     []qset{cross([]string{"", "{a}"}, it.asks, []string{"", "點算", "係咪"})},
		en:       []qset{cross([]string{"", "{A}: ", "with {A}, "}, it.enAsks, []string{"", "?", " please"})},
		short:    v.fill(it.short),
		shortEN:  v.fill(it.shEN),
		answer:   v.fill(it.answer),
		body:     b.String(),
	}
}

// or is list, or else the default.
func or(list, def []string) []string {
	if len(list) > 0 {
		return list
	}
	return def
}
