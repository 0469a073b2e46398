package assistant_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/eval"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/search/searchtest"
	"github.com/posbot/posbot/internal/settle"
	"github.com/posbot/posbot/knowledge"
)

func shipped(tb testing.TB) *assistant.Assistant {
	tb.Helper()
	return assistant.New(searchtest.Shipped(tb))
}

func TestHandoff(t *testing.T) {
	a := shipped(t)
	for _, q := range []string{"转人工", "人工客服在吗", "我要找真人", "轉人工", "talk to a human", "I want an agent please", "机器人没用 直接给我转人工", "问了好几遍了 找个懂行的人来看看", "I think someone from your team should look at my account", "我要跟你们的主管谈", "机器黑屏了 叫个人来看一下", "escalate this please", "anyone there?", "有冇人喺度", "有没有人", "有没有人啊？？", "打印机坏了，帮我找技术员来修", "kf 在不在", "说不清楚 你们给我打个电话吧", "give me a human please", "ren gong ke fu", "zhuan rengong", "打了几次电话都没人接 叫个活人出来", "is there a number I can call where an actual person picks up?", "agent", "get me a live agent", "I want a customer service representative", "客服客服客服", "转接", "想跟人说话", "别自动回复了", "上班了通知我一声 我要找人", "有没有会讲英语的客服", "有客服吗", "客服在哪里", "联系不上你们的人", "is there a phone number?", "what is your support number", "what's your hotline number, I'd rather call", "Operator.", "bot别回了 经理呢", "Your manager please, the salesman lied to me", "I want to file a complaint", "能上门吗 我这走不开", "人呢？？？在线客服都下班了？", "give me the phone number of a real support person", "这个点还有人没", "有人吗有人吗 半夜两点 机器刷不了卡", "机器被停了 能不能有个人跟我说清楚要交啥", "你们公司就没个喘气的？", "安排个人加我微信吧", "可以约个时间上门吗"} {
		r, _ := a.Answer(assistant.Question{Text: q})
		if r.Action != assistant.ActionHandoff {
			t.Errorf("%q: action %s, want handoff", q, r.Action)
		}
	}
	for _, q := range []string{"人工智能是什么", "顾客投诉多了几次 商户就被暂停了", "你是真人吗", "你係唔係真人", "are you a real human?", "人工客服什么时间有", "人工几时上班", "what hours is customer service available", "有个自称客服的人打电话要我报验证码", "am I talking to a real person or a bot?", "晚上有人吗", "我想申请个人收款码", "the agent said I need to sign on again, how?", "主管密码忘了怎么办", "业务员已经离职了 机器被停了怎么办", "法人换人了 资料要怎么改", "老板换了人 结算卡要换吗", "有没有人教我怎么用pos机套现", "有冇人教下我點樣碌卡", "区域经理把a店的机器拿到b店去用 今天刷卡被拦截了", "bot or real person?", "Is this a real person or a bot", "my dad set up the operator password with the agent and nobody remembers it", "the legal representative changed, how do I update it", "公司换了地址和负责人 商户资料怎么变更", "周日有人工吗", "do you have human support on sundays", "终端被停了 为啥 也没人打电话通知", "nobody told me my terminal would be stopped", "翻译一下 thank you very much", "周末有客服吗", "is there a phone number field in the app for my new mobile", "问过你们客服了 说要等三天 还要等多久", "人工回答的和你回答的一样吗", "operator password forgot", "你们工作人员会找我要密码吗", "does a human ever read these messages?", "我发的消息有真人看吗", "业务员上次来说的秒到 怎么还是第二天到", "主管密码忘了 当初是业务员弄的 现在人也找不着了", "周末有没有人值班", "现在机器停了 联系业务员打电话也不接", "真人机器都行 我就问一句 晚上11点以后能不能刷卡", "退款还没到 顾客天天打电话来骂我们", "will you ask for my password? someone called me and said he is your staff", "这个聊天是有人在看还是机器自动回的", "冻结到期了 钱是自动打给我还是要申请", "能不能每天合成一笔打给我"} {
		r, _ := a.Answer(assistant.Question{Text: q})
		if r.Action == assistant.ActionHandoff {
			t.Errorf("%q: handed off unasked", q)
		}
	}
}

// Requests for a person also come from the knowledge base: a message
// closest to the handoff group is handed over, whole or in one clause, and
// a question about people never is.
func TestHandoffFromKnowledge(t *testing.T) {
	fsys := fstest.MapFS{
		"printer.md":          {Data: []byte("---\nid: printer\ntitle: 打印机不出纸\ntopic: device\nkeywords: [打印, 缺纸]\nquestions: [小票打不出来, 打印机没反应]\nen: Check the roll.\n---\n检查纸卷。\n")},
		"hours.md":            {Data: []byte("---\nid: hours\ntitle: 坐席几点上班\ntopic: general\nkeywords: [上班时间, 坐席]\nquestions: [坐席什么时候上班]\nen: 9 to 6.\n---\n九点到六点。\n")},
		"handoff/requests.md": {Data: []byte("---\nid: requests\ntitle: 要调度员来处理\ntopic: handoff\nkeywords: [调度员]\nquestions: [叫调度员来, 我要调度员, 请调度员处理, 调度员在哪]\n---\n转人工。\n")},
	}
	k, ix := searchtest.Build(t, fsys)
	a := assistant.New(k, ix)
	for _, q := range []string{"叫调度员来吧", "小票打不出来，叫调度员来"} {
		if r, _ := a.Answer(assistant.Question{Text: q}); r.Action != assistant.ActionHandoff {
			t.Errorf("%q: action %s %s, want handoff; %+v", q, r.Action, r.ArticleID, r.Candidates)
		}
	}
	for _, q := range []string{"小票打不出来", "坐席几点上班"} {
		if r, _ := a.Answer(assistant.Question{Text: q}); r.Action == assistant.ActionHandoff {
			t.Errorf("%q: handed off unasked", q)
		}
	}
}

func TestResponseCodes(t *testing.T) {
	a := shipped(t)
	tests := []struct{ q, code string }{
		{"刷卡提示51", "51"},
		{"返回码A0", "A0"},
		{"返回碼a0怎麼辦", "A0"},
		{"error 96", "96"},
		{"应答码：05", "05"},
		{"POS机显示55是什么意思", "55"},
		{"５４", "54"},
		{"61错误", "61"},
		{"response code 14 on the terminal", "14"},
		{"交易失败 05 不予承兑 是我这边有问题吗", "05"},
		{"刷到一半蹦出个65", "65"},
		{"客人的卡刷一下就回个57", "57"},
		{"机器上出来94什么鬼", "94"},
		{"61咋整", "61"},
		{"the machine keeps showing 51", "51"},
		{"her card gave 54 twice", "54"},
		{"got 05 do not honour on a visa", "05"},
		{"terminal shows code 05.", "05"},
	}
	for _, tt := range tests {
		r, _ := a.Answer(assistant.Question{Text: tt.q})
		if r.Code != tt.code || r.Action != assistant.ActionAnswer || r.Topic != kb.TopicDeclined {
			t.Errorf("%q: code %q action %s topic %s, want code %s answered as declined", tt.q, r.Code, r.Action, r.Topic, tt.code)
		}
		if !strings.Contains(r.Text, tt.code) {
			t.Errorf("%q: reply does not name the code: %q", tt.q, r.Text)
		}
	}
	// Numbers that are not codes.
	for _, q := range []string{"今天下午3点扫码收款520元没到账", "商户号898440153990123 终端号12345678", "收了51块钱没到账", "交易失败了 扣了12元", "退回50元了吗", "打出来个12笔的单子", "到账差了105.57是什么钱", "流量费99是啥玩意", "押金99是什么"} {
		if r, _ := a.Answer(assistant.Question{Text: q}); r.Code != "" {
			t.Errorf("%q: took %s for a response code", q, r.Code)
		}
	}
	// An unknown code announced as such still gets an honest answer.
	r, _ := a.Answer(assistant.Question{Text: "返回码 Z9"})
	if r.Code != "Z9" || r.Action != assistant.ActionAnswer || !strings.Contains(r.Text, "Z9") {
		t.Errorf("unknown code: %+v", r)
	}
	// English gets English.
	r, _ = a.Answer(assistant.Question{Text: "card declined with error 51"})
	if r.Lang != assistant.LangEN || !strings.Contains(r.Text, "Insufficient") && !strings.Contains(r.Text, "insufficient") {
		t.Errorf("English code reply: %q", r.Text)
	}
}

func TestAnswerAndNoAnswer(t *testing.T) {
	a := shipped(t)
	tests := []struct {
		q     string
		topic kb.Topic // empty: no_answer
	}{
		{"pos机突然提示暂停业务了怎么办", kb.TopicSuspension},
		{"扫码收款昨天的钱还没到账", kb.TopicMissingCredit},
		{"打印机不出纸", kb.TopicDevice},
		{"my terminal was suspended, what do I do", kb.TopicSuspension},
		{"今天天气怎么样", ""},
		{"how is your day", ""},
		{"我的信用卡在超市刷提示51 是不是额度不够", ""},
		{"my own credit card got 05 at a restaurant, why", ""},
		{"推荐几只明天能涨的股票", ""},
		{"红烧肉怎么做好吃", ""},
		{"我想借五万块钱 哪里能贷款", ""},
	}
	for _, tt := range tests {
		r, err := a.Answer(assistant.Question{Text: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if tt.topic == "" {
			if r.Action != assistant.ActionNoAnswer {
				t.Errorf("%q: %s %s (%.2f), want no_answer", tt.q, r.Action, r.ArticleID, r.Confidence)
			}
			continue
		}
		if r.Action != assistant.ActionAnswer || r.Topic != tt.topic {
			t.Errorf("%q: %s %s %s (%.2f), want answer in %s", tt.q, r.Action, r.Topic, r.ArticleID, r.Confidence, tt.topic)
		}
	}
}

func TestLanguage(t *testing.T) {
	a := shipped(t)
	r, _ := a.Answer(assistant.Question{Text: "QR payment not credited to my account"})
	if r.Lang != assistant.LangEN || r.Action == assistant.ActionAnswer && strings.ContainsAny(r.Text[:10], "的了") {
		t.Errorf("English question: lang %s text %.60q", r.Lang, r.Text)
	}
	r, _ = a.Answer(assistant.Question{Text: "收款没到账"})
	if r.Lang != assistant.LangZH {
		t.Errorf("Chinese question: lang %s", r.Lang)
	}
}

// Bad input never crashes and always gets a reply to send.
func TestOddInput(t *testing.T) {
	a := shipped(t)
	long := strings.Repeat("扫码收款没到账", 100*1024/21)
	for _, q := range []string{"", "   \n\t", "\x00\x01\x02", "\xff\xfe\xfd", long, "\u200b\u200b", "😀😀😀", "/start", "？？？"} {
		r, err := a.Answer(assistant.Question{Text: q})
		if err != nil {
			t.Errorf("%.20q: %v", q, err)
		}
		if r.Action == "" || strings.TrimSpace(r.Text) == "" {
			t.Errorf("%.20q: empty reply %+v", q, r)
		}
	}
}

func FuzzAnswer(f *testing.F) {
	a := shipped(f)
	for _, s := range []string{"刷卡提示51", "转人工", "扫码没到账", "\xff", "error 9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		r, err := a.Answer(assistant.Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		switch r.Action {
		case assistant.ActionAnswer, assistant.ActionHandoff, assistant.ActionNoAnswer:
		default:
			t.Fatalf("action %q", r.Action)
		}
		if r.Text == "" {
			t.Fatal("empty text")
		}
	})
}

func BenchmarkAnswer(b *testing.B) {
	a := shipped(b)
	qs := []string{
		"pos机突然提示暂停业务了怎么办", "扫码收款昨天的钱还没到账", "刷卡提示51", "打印机不出纸",
		"my terminal was suspended", "今天天气怎么样", "转人工", "費率是多少",
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := a.Answer(assistant.Question{Text: qs[i%len(qs)]}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkAnswerMedian answers every question of the repository's
// evaluation set and reports the median and 90th-percentile time of one
// answer: the figure the speed floor is about (median under 1 ms).
func BenchmarkAnswerMedian(b *testing.B) {
	a := shipped(b)
	qs, err := eval.Questions(knowledge.FS, "eval/questions.tsv")
	if err != nil {
		b.Fatal(err)
	}
	var took []time.Duration
	for b.Loop() {
		for _, q := range qs {
			start := time.Now()
			if _, err := a.Answer(assistant.Question{Text: q}); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(start))
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds()), "median-µs/answer")
	b.ReportMetric(float64(took[len(took)*9/10].Microseconds()), "p90-µs/answer")
	b.ReportMetric(0, "ns/op")
}

// converse answers turns in order, each reply joining the history of the
// next, and returns the last reply.
func converse(a *assistant.Assistant, turns ...string) assistant.Reply {
	var history []assistant.Turn
	var r assistant.Reply
	for _, t := range turns {
		r, _ = a.Answer(assistant.Question{Text: t, History: history})
		history = append(history, assistant.MerchantTurn(t), assistant.BotTurn(r))
	}
	return r
}

func TestFollowUp(t *testing.T) {
	a := shipped(t)
	tests := []struct {
		turns   []string
		action  assistant.Action
		article string // "" accepts any; "same" the previous answer's
		topic   kb.Topic
	}{
		// the part of the answer that fits
		{[]string{"昨天刷卡的钱今天还没到账", "那扫码的呢"}, assistant.ActionAnswer, "missing-credit-qr-not-credited", kb.TopicMissingCredit},
		{[]string{"终端被暂停业务了", "钱呢"}, assistant.ActionAnswer, "", kb.TopicSuspension},
		{[]string{"刷卡手续费怎么算", "那扫码的呢"}, assistant.ActionAnswer, "", kb.TopicFees},
		{[]string{"card sale from yesterday has not arrived", "what about QR payments"}, assistant.ActionAnswer, "", kb.TopicMissingCredit},
		// the steps did not help: a person, with the article tried
		{[]string{"POS机打印不出小票", "还是不行"}, assistant.ActionHandoff, "same", kb.TopicDevice},
		{[]string{"刷卡提示51", "试过了没用"}, assistant.ActionHandoff, "response-code:51", kb.TopicDeclined},
		{[]string{"my QR payment was not credited", "still not working"}, assistant.ActionHandoff, "same", kb.TopicMissingCredit},
		// something new is a question of its own
		{[]string{"刷卡提示51", "纸没了"}, assistant.ActionAnswer, "", kb.TopicDevice},
	}
	for _, tt := range tests {
		first := converse(a, tt.turns[:len(tt.turns)-1]...)
		r := converse(a, tt.turns...)
		want := tt.article
		if want == "same" {
			want = first.ArticleID
		}
		if r.Action != tt.action || r.Topic != tt.topic || want != "" && r.ArticleID != want {
			t.Errorf("%q: %s %s %s, want %s %s %s", tt.turns, r.Action, r.Topic, r.ArticleID, tt.action, tt.topic, want)
		}
	}
	// Read alone, the same messages find no article.
	for _, q := range []string{"还是不行", "试过了没用", "那扫码的呢", "still not working"} {
		if r, _ := a.Answer(assistant.Question{Text: q}); r.Action == assistant.ActionHandoff || r.FollowUp {
			t.Errorf("%q with no earlier turn: %s follow-up=%v, want a new question", q, r.Action, r.FollowUp)
		}
	}
	// An answer from long ago is no context.
	r, _ := a.Answer(assistant.Question{Text: "还是不行", History: []assistant.Turn{
		{Role: assistant.RoleMerchant, Text: "POS机打印不出小票", At: time.Now().Add(-3 * time.Hour)},
		{Role: assistant.RoleBot, Text: "…", Article: "device-printer", Action: assistant.ActionAnswer, At: time.Now().Add(-3 * time.Hour)},
	}})
	if r.FollowUp || r.Action == assistant.ActionHandoff {
		t.Errorf("follow-up read with a three-hour-old answer: %+v", r.Action)
	}
}

func TestClose(t *testing.T) {
	a := shipped(t)
	for _, q := range []string{"谢谢", "好的", "thanks", "好的 明白了", "ok 谢谢啦!", "多謝", "Thank you so much", "好了 解决了👍"} {
		r, _ := a.Answer(assistant.Question{Text: q})
		if r.Action != assistant.ActionNoAnswer || r.Courtesy != assistant.CourtesyClose {
			t.Errorf("%q: %s courtesy %q, want a close", q, r.Action, r.Courtesy)
		}
	}
	for _, q := range []string{"谢谢 但是还是没到账", "好的 那押金怎么退", "翻译一下 thank you very much", "thanks, but the terminal is still frozen"} {
		if r, _ := a.Answer(assistant.Question{Text: q}); r.Courtesy == assistant.CourtesyClose {
			t.Errorf("%q: closed, want it read as a question", q)
		}
	}
}

// A message too short to be a question is asked to say more, not answered
// with whatever article shares its one letter; a greeting of one character
// is still a greeting, and a lone code is still a code.
func TestUnclear(t *testing.T) {
	a := shipped(t)
	for _, q := range []string{"b", "x", "X?", "额", "呃……", "测试", "test"} {
		r, _ := a.Answer(assistant.Question{Text: q})
		if r.Action != assistant.ActionNoAnswer || r.Courtesy != assistant.CourtesyUnclear || r.ArticleID != "" {
			t.Errorf("%q: %s %s courtesy %q, want a request to describe the problem", q, r.Action, r.ArticleID, r.Courtesy)
		}
	}
	for q, want := range map[string]string{"在": assistant.CourtesyGreeting, "在么": assistant.CourtesyGreeting, "51": "", "纸没了": "", "测试交易扣了钱没到账": ""} {
		r, _ := a.Answer(assistant.Question{Text: q})
		if r.Courtesy != want || want == "" && r.Action != assistant.ActionAnswer {
			t.Errorf("%q: %s courtesy %q, want courtesy %q", q, r.Action, r.Courtesy, want)
		}
	}
}

// A shopper's or cardholder's question in the merchants' words is refused
// when a refusal group is close; the merchant's twin is answered.
func TestConsumerSide(t *testing.T) {
	a := shipped(t)
	for _, q := range []string{
		"a cafe charged my credit card twice for one coffee, how do I get it back",
		"the refund for the shoes I returned is still not on my debit card",
		"how do I add my bank card to apple pay on my iphone",
	} {
		if r, _ := a.Answer(assistant.Question{Text: q}); r.Action != assistant.ActionNoAnswer {
			t.Errorf("%q: %s %s, want a refusal", q, r.Action, r.ArticleID)
		}
	}
	for _, q := range []string{
		"a customer was charged twice on my terminal for one coffee, how do I fix it",
		"the refund I gave a customer is still not on his card",
		"does my card machine take apple pay",
	} {
		if r, _ := a.Answer(assistant.Question{Text: q}); r.Action != assistant.ActionAnswer {
			t.Errorf("%q: %s, want an answer", q, r.Action)
		}
	}
}

// A sticker code is no part of the question: "[捂脸]" neither adds words
// nor, alone, gets an article.
func TestStickerCodes(t *testing.T) {
	a := shipped(t)
	plain, _ := a.Answer(assistant.Question{Text: "扫码收款的钱还没到账"})
	with, _ := a.Answer(assistant.Question{Text: "扫码收款的钱还没到账[捂脸][流泪]"})
	if with.ArticleID != plain.ArticleID || with.Confidence != plain.Confidence {
		t.Errorf("with stickers: %s %.3f, without: %s %.3f", with.ArticleID, with.Confidence, plain.ArticleID, plain.Confidence)
	}
	if r, _ := a.Answer(assistant.Question{Text: "[捂脸]"}); r.Action != assistant.ActionNoAnswer || r.ArticleID != "" {
		t.Errorf("a sticker alone: %s %s", r.Action, r.ArticleID)
	}
}

// A long story is read in parts when, read whole, it reaches its article
// without confidence; a part can confirm the whole message's first
// article, never pick another.
func TestLongStory(t *testing.T) {
	a := shipped(t)
	for q, want := range map[string]string{
		"我和我爱人在县城开了家小饭馆 开了三年了 平时中午晚上人多 上周搬到对面街新铺面 东西都搬完了 结果今天客人结账 屏幕上写暂停业务 我们也没干啥坏事 这要咋弄才能重新用":                                                                                                    "suspension",
		"我老家亲戚开小卖部的 机器被停了好几个月 钱也冻在里面 现在我自己也开了店 天天提心吊胆 进货卖货都正常 就想问问怎么用才不会被停":                                                                                                                       "suspension",
		"my cousin runs a phone shop next to mine and last month they shut his machine down and held his money for weeks, we sell snacks and drinks, what should we avoid doing so ours stays on": "suspension",
	} {
		r, _ := a.Answer(assistant.Question{Text: q})
		if r.Action != assistant.ActionAnswer || string(r.Topic) != want {
			t.Errorf("%q: %s %s (%.2f), want a %s answer", q, r.Action, r.ArticleID, r.Confidence, want)
		}
	}
	// Read alone, "要啥材料" is confidently the unfreezing documents; in
	// this message it must not take over.
	q := "我是卖农机的 一台拖拉机的配件就好几万 今天有个客人想一次刷完 机器说超了 最后只能转账 人家差点就走了 要啥材料"
	if r, _ := a.Answer(assistant.Question{Text: q}); r.ArticleID == "suspension-unfreeze-documents" {
		t.Errorf("%q: answered from one clause alone: %s", q, r.ArticleID)
	}
}

// A money-arrival question that says when the sale was starts with the
// day the money is due: worked out with weekends, holidays and the
// cut-off, overdue with the checks, or an honest word about a day that
// has not come or does not exist.
func TestSettlementDue(t *testing.T) {
	k, ix := searchtest.Shipped(t)
	loc, _ := time.LoadLocation("Asia/Shanghai")
	for _, tt := range []struct {
		now        time.Time
		q          string
		want, lose string
	}{
		{time.Date(2026, 10, 2, 10, 0, 0, 0, loc), "9月30日刷的卡什么时候到账", "预计10月8日（周四）到账", "现在已经超过"},
		{time.Date(2026, 10, 9, 10, 0, 0, 0, loc), "9月30日刷的卡还没到账", "应在10月8日（周四）到账，现在已经超过预计时间", ""},
		{time.Date(2026, 10, 9, 10, 0, 0, 0, loc), "9月30日刷的卡还没到账", "结算卡", ""},
		{time.Date(2026, 11, 30, 10, 0, 0, 0, loc), "周五晚上9点刷的卡 T+1 什么时候到", "今天 11月30日（周一）", "按本服务商默认"},
		{time.Date(2026, 11, 30, 10, 0, 0, 0, loc), "11月27日晚上11点半刷的卡 t+1 哪天到账", "11月30日", ""},
		{time.Date(2026, 11, 30, 10, 0, 0, 0, loc), "明天刷的卡什么时候到账", "还没到", "预计"},
		{time.Date(2026, 11, 30, 10, 0, 0, 0, loc), "2月30日刷的卡什么时候到账", "不存在", "预计"},
		{time.Date(2026, 11, 30, 10, 0, 0, 0, loc), "说好秒到 三个小时了还没到", "超过", ""},
		{time.Date(2026, 11, 30, 10, 0, 0, 0, loc), "I took a card payment on Friday evening, we are T+1, when does the money arrive", "today, Mon 30 Nov", ""},
		{time.Date(2026, 11, 30, 10, 0, 0, 0, loc), "扫码收款的钱一直没到账", "", "预计"}, // no day given: the article alone
	} {
		a := assistant.New(k, ix, assistant.WithSettlement(settle.DefaultRules(loc)), assistant.WithClock(func() time.Time { return tt.now }))
		r, _ := a.Answer(assistant.Question{Text: tt.q})
		if r.Topic != "missing-credit" {
			t.Errorf("%q: topic %s", tt.q, r.Topic)
			continue
		}
		if tt.want != "" && !strings.Contains(r.Text, tt.want) {
			t.Errorf("%q at %s: reply lacks %q:\n%s", tt.q, tt.now.Format("01-02 15:04"), tt.want, r.Text)
		}
		if tt.lose != "" && strings.Contains(r.Text, tt.lose) {
			t.Errorf("%q: reply has %q:\n%s", tt.q, tt.lose, r.Text)
		}
	}
}

// A code is read however the terminal's screen or the merchant puts it.
func TestCodeWordings(t *testing.T) {
	a := shipped(t)
	for q, want := range map[string]string{
		"TRANS DECLINED RC:51": "51", "96 SYSTEM MALFUNCTION on every card": "96", "every card gets 03 today": "03",
		"51 what mean": "51", "A0 error after the update": "A0", "客人张卡出55": "55", "今天都是05": "05", "又係96": "96",
		"what is 14 on the screen": "14", `顾客刷卡提示"51"，换了另一台机器也一样`: "51", "屏幕显示「05」": "05",
	} {
		r, _ := a.Answer(assistant.Question{Text: q})
		if r.Code != want {
			t.Errorf("%q: code %q, want %s", q, r.Code, want)
		}
	}
	for _, q := range []string{"收了51 余额还有多少", "还是51块", "code: 的格式是什么"} {
		if r, _ := a.Answer(assistant.Question{Text: q}); r.Code == "51" {
			t.Errorf("%q read as code 51", q)
		}
	}
	for _, q := range []string{"sold 12,460 yesterday, only got 12,3xx", "收了51,000 只到了50,800"} {
		if r, _ := a.Answer(assistant.Question{Text: q}); r.Code != "" {
			t.Errorf("%q read as code %s: an amount with thousands separators", q, r.Code)
		}
	}
}
