package assistant

import (
	"regexp"
	"strings"

	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/textnorm"
)

// A merchant asking for a person is a request to honour, not a question to
// search: these phrases say so in Chinese and English. Text is folded
// (simplified, lower case) before matching.
var (
	personZH = regexp.MustCompile(`转人工|人工客服|人工服务|人工坐席|人工处理|转接人工|人工|真人|活人|客服人员|有人吗|有没有人($|[在啊呀吗么嘛呢回理管管?？!！。.,，~])|我要投诉|要投诉你们|别用机器人|不要机器人|机器人没用|跟机器说|和机器说|不想跟机器|(找|叫|要|请|让|喊|转|见)[^，。,.]{0,4}(负责人|领导|经理)|^(负责人|领导|经理)|叫个人|找个人|` +
		// asking for support staff, or how to reach them
		`(找|叫|要|转|联系|安排|接|让|请|换|搵|揾|喊)[^，。,.]{0,10}(客服|业务员|售后|工作人员|同事)|转(一下|下|给|到)?技术|^投诉|` +
		`(客服|kf|业务员|售后)[^，。,.]{0,4}(在吗|在不在|来|回电|打电话|电话|联系我|呢)|(给|帮|跟)我打(个|一个|一下|一通)?电话|打(个|一个|一通)?电话(给我|过来|来)|` +
		`(售后|客服|你们)[^，。,.]{0,3}(电话|热线|联系方式)|视频客服|给我打电话|回个电话|回电|` +
		// "找个懂业务的人来处理"
		`(找|叫|换|请|来)(个|一个|一位|位)[^，。,.?？]{0,8}(的人|专员|同事|工作人员|人来)|` +
		// "找人处理", "有没有懂行的人", "投诉你们业务员"
		`找人(处理|解决|来|看|帮|跟进|问)|(有没有|有冇|有无|来个)[^，。,.?？]{0,6}(懂|会|熟)[^，。,.?？]{0,6}的人|懂行的人|投诉(你们|业务员|客服|服务商|这个业务员)|` +
		// Cantonese and Taiwanese: "有冇人喺度", "我要同职员讲", "叫主管出来", "请专人联络我"
		`^(客服|kf)([\s!！?？。,，~]*(客服|kf))*[\s!！?？。~]*$|^转接|(跟|和|同)(人|真人|活人)(说话|聊|沟通|讲|谈)|我要找人|有人能帮|(别|不要)(再)?(自动)?回复了|不要自动回复|有冇人($|[喺在呀啊㗎嗎吗回理?？!！。.,，~])|有人在吗|有人在不|(同|跟|和)(职员|员工|工作人员|真人|人工|客服)(讲|倾|说|谈|沟通)|(叫|找|请|你们|让)主管|(跟|和|同)[^，。,.]{0,4}(主管|经理|领导|负责人)(谈|讲|说|聊|沟通|倾)|主管(出来|过来|在吗|呢)|专人|` +
		`(俾|畀|给)(个|我)?(电话|号码|联系方式)(我|给我)?|打去问|打过去问|` +
		// a request verb, then whom: "转技术部", "喊个管事的来", "让业务员联系我"
		`(找|叫|要|转|联系|安排|让|请|换|喊|整|搞|弄|搵|揾|派|来)(个|一个|位|一位|下|一下|给|到)?[^，。,.?？]{0,6}` +
		`(技术员|技术人员|技术部|技术的人|技术来|技术看|专员|上级|管事|做主|公司的人|风控部|人来|人帮|人处理|人看|人睇|人回|人打|人联系|人跟)|` +
		`(让|叫|请)[^，。,.]{0,4}(业务|客户经理)[^，。,.]{0,4}(联系|联络|打电话|回电|找)我|换个人|换人|人呢|有人在|有人没有|call我|` +
		// "有没有会说英语的客服", "有客服吗", "客服在哪", "联系不上你们的人"
		`会(说|讲|用)(英语|英文|english|粤语|广东话|白话|普通话|国语)的(客服|人|同事|工作人员|职员)|有(人工|客服|真人)(吗|不|没有|么|嘛|没)|` +
		`(客服|人工|真人)(在哪|去哪找|哪里找|怎么找|咋找|怎么联系|咋联系|怎么转|咋转)|联系不上你们|找不到你们的人|你们的人(呢|在哪)|` +
		// mixed: "bot别回了 manager呢"
		`(bot|robot|机器人|机械人)[^，。,.]{0,3}(别|不要|不用)(再)?回(复)?了|` +
		// indirect: "能不能有个人跟我说清楚", "没个喘气的", "有没有人能直接打给我",
		// "安排个人加我微信", "约个时间上门", "当面说", "有冇agent可以follow up"
		`(能不能|可不可以|能否|可否|就不能|麻烦|请)有(个|一个|位)?人(跟|和|给|帮|来)|喘气的|能说话的人|` +
		`(有没有|有冇|有无)(人|谁)(能|可以|会)[^，。,.?？]{0,6}(打给我|打电话|联系我|回我|帮我|跟进)|打我(的)?(电话|手机)|` +
		`安排(个|一个|位|一位)?(人|同事|专员|技术|师傅)|加我(的)?微信|约(个)?时间(上门|过来|见面)|当面(说|谈|聊|讲|沟通)|` +
		`(有没有|有冇|有无)[^，。,.?？]{0,3}(agent|staff|human|同事|专员)|follow ?up|跟进一下|` +
		`(能|可以|能不能|可不可以|可唔可以)(派人|派个人)?上门(吗|不|嘛|么|呀|啊|$)|派(个)?人(来|过来|上门)|有(值班|在线|上班)的(人)?(吗|没|不|么)|(还)?有人(没|不|么|嘛)($|[?？!！。.,，~])|(manager|supervisor|boss|human|agent|staff)(呢|在吗|在哪|出来)`)
	personEN = regexp.MustCompile(`\b(human|real person|live person|^agent|(an|a real|a live|a human|live|human|support|service|customer service) agent|agent (please|pls|now)|(a|an|customer|support|service|sales) representative|someone real|talk to (a )?person|speak to (a )?person|customer service|live (chat|support)|` +
		`(get|give|find) me (a|an|someone|somebody|a real)( |$)|(someone|somebody|a person|staff) (from|in|at|on) (support|customer|your (team|side|company))|` +
		`(talk|go|think) (this|it) through with (someone|somebody|a person)|` +
		`(talk|speak|chat) (to|with) (someone|somebody|a person|staff|support|your team)|call me back|` +
		// "escalate this", "transfer me to someone", "a person, not a bot"
		`escalate|transfer me|connect me|put me through|(a|an|some|any) (real |actual |live |english[- ]speaking |chinese[- ]speaking )?(person|human|staff member|agent)( i can| to (talk|speak|chat)| who can| please)|` +
		`not (a|the|this) (bot|machine|robot)|(anyone|anybody|someone|somebody) (there|here|around|home)|hello\?* ?(anyone|anybody)|` +
		`(have|get|let) (my |a |the |your )?(sales rep|rep|manager|supervisor|technician|engineer|boss|someone|somebody) (contact|call|phone|ring|help)|` +
		`(get|want|need) (your|a|the|my) (manager|supervisor|boss)|(file|make|lodge|raise|submit) a (formal )?complaint|i want to complain|phone number (of|for) (a |the |your )?(real |actual )?(support|agent|person|human|staff|customer service)|(your |a |the )?(manager|supervisor) (please|pls|plz|now)|call me|(pls|please|plz) (someone|somebody|anyone|anybody)|support (phone|number|hotline)|people not (a |the )?(robot|bot|machine)|talk with (people|a human|humans)|manual review|` +
		`someone who can (actually )?(see|check|look|help|fix|sort)|(actual|real|live) (person|human) (picks up|answers|on the (phone|line))|(a |any )?(phone )?number (i|we) can (call|ring|phone)|` +
		// typed in pinyin: 人工客服, 转人工
		`ren ?gong( ?ke ?fu)?|zhuan ?ren ?gong)\b`)
	// The whole message names whom: "Operator.", "human!".
	personAlone = regexp.MustCompile(`^\s*(an? |the )?(operator|human|person|real person)\s*[.!?？！。]*\s*$`)
	// "is there a phone number?", "what's your support line": how to reach
	// a person, unless the number is something else ("a phone number field").
	phoneAsk = regexp.MustCompile(`\b(is there|what is|what's|whats|give me|send me) (a |an |your |the )?(phone|support|contact|hotline|customer service) ?(number|line)(\s*[?？.!]*\s*$|\s*[,，;]|\s+(i|we|to|for)\b)`)
	// 人工智能 is "artificial intelligence", not a request for a person.
	// 个人码 is a personal QR code, 真人秀 a TV show, "有没有人知道" asks
	// anyone at all.
	notPerson = regexp.MustCompile(`人工智能|人工降雨|人工湖|真人秀|真人版|有没有人知道|有人知道|有谁知道|找不到人|` +
		`个人(收款码|码|账户|帐户|账号|卡|信用卡|名义|身份|信息|资料|用户|转账|经营|商户|所得|贷款|征信|二维码|网银)|` +
		// the shop's owner changed: a change of details, not of the person
		// posbot is talking to
		`(法人|老板|店主|经营者|负责人|股东|fr)(也)?换(了)?(人|个人)|(换|变更|更换|改)(了)?[^，。,.?？]{0,6}(法人|负责人|老板|店主|经营者|股东)`)
	// Asking when people answer is a question about service hours; only an
	// explicit request (转人工, 找客服) makes it a handoff.
	hoursAsked = regexp.MustCompile(`几点|下班|上班|值班|工作时间|营业时间|服务时间|在线时间|什么时候|什么时间|啥时候|啥时间|几时|放假|多久回|working hours|what time|\bopen\b|\bwhen\b|\bhours\b|24/7`)
	// timeNamed is any time of day or week.
	timeNamed = regexp.MustCompile(`周末|周六|周日|星期|礼拜|节假日|假期|过年|春节|国庆|晚上|夜晚|夜里|夜间|半夜|凌晨|at night|weekend|saturday|sunday|holiday|overnight|\d\s*(am|pm)\b`)
	// A time of day or week asks the hours only next to whom: "周日有人工吗",
	// "晚上有人回不", "human support on sundays". "有人吗 半夜两点 机器刷不了"
	// says when the trouble is and asks for a person now.
	periodAsked = regexp.MustCompile(`(周末|周六|周日|星期.|礼拜.|节假日|假期|假日|过年|春节|国庆|晚上|夜晚|夜里|夜间|半夜|凌晨)[^，。,.?？]{0,4}(有|还有)?(没有)?(人|客服|人工|真人|值班)|` +
		`\b(human|agent|support|someone|anyone|anybody|somebody|people|staff|person)\b[^.?!]{0,25}\b(weekends?|saturdays?|sundays?|holidays?|at night|overnight|\d\s*(am|pm))\b|` +
		`\b(weekends?|saturdays?|sundays?|holidays?|at night|overnight)\b[^.?!]{0,25}\b(human|agent|support|someone|anyone|anybody|somebody|people|staff|person)\b`)
	// "这个点还有人吗", "现在有值班的吗": whether someone is there now is a
	// plea for a person, not a question about the hours.
	rightNow = regexp.MustCompile(`(这个点|这会儿|这会|此刻|现在|眼下)[^，。,.?？]{0,4}(还)?有(没有)?(人|值班|客服|人工|在线)|(anyone|anybody|someone|somebody) (there |around |available )?(right now|now)`)
	// "你们工作人员会找我要密码吗", "我发的消息有真人看吗": questions about what
	// staff do, for the general articles.
	asksAboutStaff = regexp.MustCompile(`(真人|人工|机器人|机器|谁)[^，。,.?？]{0,3}(都行|都可以|也行|无所谓)|` +
		`(会|会不会|是否|可能|能不能)[^，。,.?？]{0,3}(找|跟|问|向|让)我要(密码|验证码|卡号|身份证|钱|转账)|(消息|信息|留言|聊天)[^，。,.?？]{0,4}(有)?(真人|人工)(在)?(看|读)|(真人|人工)(会)?(看|读)(吗|不|得到|到吗)|` +
		`\bdoes (a |any )?(human|person|real person|someone|anyone|somebody) (ever )?(read|see|check|look at)\b|\b(will|would|do) you (ever )?ask (me )?(for )?my (password|pin|code|card)|` +
		`\b(someone|somebody|a (man|guy|woman|person)|he|she|they) (call|called|calls|rang|rings|phoned|phones) me\b|\b(will|would|do|does) (your )?(staff|agents?|support|employees?|people) (ever )?ask (me )?for\b`)
	explicitAsk = regexp.MustCompile(`转人工|转接|人呢|我要找人|(找|叫|要|转|安排)[^，。,.]{0,6}(客服|人工|真人|活人)|请[^问，。,.][^，。,.]{0,5}(客服|人工|真人)|请(客服|人工|真人)|换个人|换人|让人(回|打|联系)|回我电话|get me|talk to|speak to|(manager|supervisor|boss) (please|pls|plz|now)|escalate|transfer me|connect me|put me through|not (a|the|this) (bot|machine|robot)`)
	// "你是真人吗" asks what posbot is: a question for the general articles.
	asksIdentity = regexp.MustCompile(`(有人|真人|人工)(在)?(看|回|打字|回复|读)(的)?还是(机器|自动|程序|机器人|机械人)|是人(在)?(回|答|打字)?还是机器|` +
		`(你|您)(是|系)(不是|唔系|否)?(个|一个)?(真人|真的人|机器人|机械人|人工|活人|ai|bot|robot)|` +
		`(是|系)(人工|真人|机器人|机械人)在(回|答|聊|打字)|(机器人|机械人|真人|人工|程序)(定|还是|或者|或)(系|是)?(真人|人|机器人|机械人|人工|程序)|` +
		`are you (a |an )?(real |actual )?(human|person|bot|robot|ai)\b|\b(bot|robot|machine|ai|automated)\?? or (a |an )?(real |actual |live )?(person|human)|\b(real |actual |live )?(person|human)\?? or (a |an )?(bot|robot|machine|ai)\b|` +
		`(am i|are we) (chatting|talking|speaking) (with|to) (a |an )?(real |actual )?(person|human|bot|robot|machine|automated)|is (this|it) (a |an )?(bot|robot|real person|human|automated)`)
	reportedWord = regexp.MustCompile(`(客服|人工|业务员|售后|经理|工作人员|你们的人|银行的人)(说|话|让|告诉|讲|要求|叫我|通知|打电话说|打电话来|上门)|` +
		// "问过你们人工了", "人工回答的跟你一样吗": about people already asked
		`问过[^，。,.]{0,4}(人工|客服|业务员|售后)|(人工|客服)(回答|回复|答复)(的|得)|` +
		`(客服|业务员|售后|经理|工作人员)(上次|之前|以前|当时|那天|昨天|刚才|前几天)(来)?(说|讲|告诉|答应|承诺)|` +
		// "当初是业务员弄的，现在人也找不着了": what happened, not a request
		`(业务员|客服|经理|售后)[^，。,.]{0,3}(弄的|办的|装的|设置的|设的|开的)|人(也|都)?(找不着|找不到|联系不上)了|` +
		`\b(agent|support|staff|rep|salesman|sales rep|colleague|your (guy|colleague|staff|agent|team|people))( on the phone)? (told|said|says|asked|wants|promised)\b|` +
		`电话(也|都)?(不接|打不通|没人接|关机)|` +
		// "停了也没人通知": nobody told them, a complaint about the past.
		`(没|没有|也没|都没)(人|谁)(打电话|来电话|通知|告诉|提醒|说一声|讲一声)|\b(no ?one|nobody) (called|told|informed|warned|notified)\b|` +
		// "有个自称你们客服的人打电话": a report of a caller, maybe a scam.
		`有(个|人)[^，。,.]{0,8}(客服|售后|业务员)|自称|冒充|假冒|说是你们|说是客服|` +
		// "业务员已经离职了": a report of why they are stuck, not a request.
		`(业务员|客服|经理|售后)[^，。,.]{0,4}(离职|走了|跑路|不干了|联系不上|找不到|不见了|不理)|` +
		// "打电话那个业务员也不接", "有人打电话来说…": calls that happened
		`(业务员|客服|售后|经理|电话)[^，。,.]{0,3}(也|都)(不接|没人接|打不通|不回)|谁都找不到|` +
		`打(了)?(个)?电话(来|过来)(说|讲|问|要|骂|催|闹|吵|投诉)|(有人|有个人|刚才|刚刚|昨天|之前|他们|银行|对方|顾客|客人)[^，。,.]{0,3}打(了)?(个)?电话给我(说|讲|问|要)`)
	greeting = regexp.MustCompile(`^(你好|您好|hi|hello|hey|在吗|在不在|在么|在嘛|在否|在|喂|哈喽|嗨|早上好|下午好|晚上好|good (morning|afternoon|evening))[\s!！。.,，~]*$`)
)

// personIntent reads whether folded asks for a person. vetoed is true when
// it speaks of people but is a question (what support said, when they
// work, whether posbot is one): such a message must not be handed over by
// the knowledge base's handoff examples either.
func personIntent(folded string) (wants, vetoed bool) {
	s := strings.ReplaceAll(folded, " ", "")
	if notPerson.MatchString(s) {
		// 人工智能 is not a person: neither the rules nor the handoff
		// examples may read it as one.
		s = notPerson.ReplaceAllString(s, "")
		vetoed = true
	}
	// "客服让我补材料" reports what support said; "客服几点下班" asks the
	// hours: both are questions for the knowledge base.
	now := rightNow.MatchString(s)
	hours := (hoursAsked.MatchString(folded) || periodAsked.MatchString(s) || periodAsked.MatchString(folded)) && !now
	question := vetoed || reportedWord.MatchString(s) || reportedWord.MatchString(folded) || hours || asksIdentity.MatchString(s) || asksIdentity.MatchString(folded) || asksAboutStaff.MatchString(s) || asksAboutStaff.MatchString(folded)
	if !personZH.MatchString(s) && !personEN.MatchString(folded) && !phoneAsk.MatchString(folded) && !personAlone.MatchString(folded) {
		// No words of a request: a message that names a time at all is
		// not to be handed over by the handoff examples either.
		return false, question || timeNamed.MatchString(folded) && !now
	}
	if explicitAsk.MatchString(folded) || explicitAsk.MatchString(s) {
		return true, false
	}
	return !question, question
}

func isGreeting(folded string) bool { return greeting.MatchString(strings.TrimSpace(folded)) }

var (
	// A code right after a word that announces it: 提示51, 返回码:A0, error 96,
	// 张卡出51, 都是03, 又係96, what is A0.
	codeAfter = regexp.MustCompile(`(应答码|返回码|响应码|错误码|错误代码|代码|代号|编码|码|code|error|err|提示|显示|报错|报|出现|弹出|跳出|蹦出|出来|出|返回|回了|回|失败|都是|全是|又是|一直是|老是|总是|还是|都系|又系|成日系|declined|what is|whats|what's|what does|meaning of|means|coming back with|comes back with|came back with|gets|get|got|rc|gives|gave|giving|says|said|saying|shows|showed|showing|displays|displayed|reads|returns|returned|getting)\s*[:：]?\s*(?:是|为|了个|了|个)?\s*["“”'‘’「」『』]?\s*([0-9a-z]{2})(?:$|\.(?:\s|$)|[^0-9a-z.:：%元块万千百笔个张号点天日月年分秒次台w])`)
	// A code right before such a word: 51错误, A0是什么意思.
	codeBefore = regexp.MustCompile(`(?:^|[^0-9a-z.费钱扣收付交押价金])([0-9a-z]{2})\s*(?:号)?(错误|错|报错|代码|是什么意思|什么意思|啥意思|是啥|啥鬼|什么鬼|是什么|怎么办|怎么回事|咋办|咋回事|咋整|怎么解决|怎么处理|what|mean|error|err|code|on every|on all)`)
	// A code standing on its own in a message about a failed payment:
	// "交易失败 05 不予承兑". Not followed by a unit, so "51块" stays money.
	codeInFailure = regexp.MustCompile(`(?:^|[^0-9a-z.])([0-9a-z]{2})(?:$|[^0-9a-z.%元块万千百笔个张号点天日月年分秒次台w])`)
	failure       = regexp.MustCompile(`失败|拒绝|不成功|不予承兑|刷不|declin|fail|reject|do not hono|not honou?r|invalid|insufficient|expired|denied|refused`)
	// The whole message is a code.
	codeAlone = regexp.MustCompile(`^\s*([0-9a-z]{2})\s*[?？]?\s*$`)
	// An amount written with thousands separators, the last digits maybe
	// hidden: 12,460, 1,200,000, 12,3xx. "51,55" lists two codes.
	thousands = regexp.MustCompile(`\d{1,3}(?:[,，][0-9x]{3})+`)
	// Words after which an unknown code is still clearly a response code.
	strongMarker = regexp.MustCompile(`应答码|返回码|响应码|错误码|错误代码|code|error|err`)
)

// findCode returns the response code a merchant quotes, upper case, and
// whether it was announced clearly enough to answer even when the code is
// not in the table. Codes must be exact: "520元" is no code.
func findCode(folded string, k *kb.KB) (code string, strong bool) {
	// "got 12,3xx" is an amount with a thousands separator, not code 12.
	folded = thousands.ReplaceAllString(folded, "#")
	for _, m := range codeAfter.FindAllStringSubmatch(folded, -1) {
		c := strings.ToUpper(m[2])
		if k.Code(c) != nil {
			return c, true
		}
		if strongMarker.MatchString(m[1]) && !isYearOrAmount(m[2]) {
			code, strong = c, true
		}
	}
	if code != "" {
		return code, strong
	}
	for _, m := range codeBefore.FindAllStringSubmatch(folded, -1) {
		if c := strings.ToUpper(m[1]); k.Code(c) != nil {
			return c, false
		}
	}
	// The terminal's screen copied: a code followed by its own meaning,
	// "96 system malfunction", "51 余额不足".
	for _, m := range codeInFailure.FindAllStringSubmatchIndex(folded, -1) {
		c := k.Code(strings.ToUpper(folded[m[2]:m[3]]))
		if c == nil {
			continue
		}
		rest := strings.TrimLeft(folded[m[3]:], " :：-")
		if startsMeaning(rest, c.MeaningEN) {
			return c.Code, false
		}
	}
	if failure.MatchString(folded) {
		for _, m := range codeInFailure.FindAllStringSubmatch(folded, -1) {
			if c := strings.ToUpper(m[1]); k.Code(c) != nil {
				return c, false
			}
		}
	}
	if m := codeAlone.FindStringSubmatch(folded); m != nil {
		if c := strings.ToUpper(m[1]); k.Code(c) != nil {
			return c, false
		}
	}
	return "", false
}

// startsMeaning reports whether s begins with the first word, of four
// letters or more, of a code's English meaning ("system" of "System
// malfunction"). Chinese meanings are not used: "51 余额还有多少" is money.
func startsMeaning(s, meaningEN string) bool {
	w, _, _ := strings.Cut(textnorm.Fold(meaningEN), " ")
	return len(w) >= 4 && strings.HasPrefix(s, w)
}

// Two letters such as "is" after "error" are a word, not a code.
func isYearOrAmount(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' {
			return false
		}
	}
	return true
}
