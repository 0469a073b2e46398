package kbgen

import (
	"fmt"
	"strings"
)

// Cases are what editors add to an article once it has answered merchants
// for a while: a real-sounding example, with the shop, street, goods and
// amount. They carry much of a grown knowledge base's vocabulary.

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")

// Characters of given names and of place and shop names: proper nouns are
// most of the new words a growing knowledge base brings.
var (
	nameChars  = []rune("建国华明伟芳丽强军平刚杰秀英敏静霞红玉兰桂梅春海波涛亮辉鹏飞宇浩然轩欣怡佳琪思雨涵诺俊博天雅婷晓燕志永庆德胜福贵金宝玲娟丹凤莉萍洁琳颖倩璐晨阳磊鑫斌超勇毅峰彬洋帅文武松柏林森龙虎嘉慧蕾淑珍惠琴云翠桃菊荣昌顺利发达")
	placeChars = []rune("龙凤祥瑞兴隆盛昌福禄寿康宁安泰和丰裕富贵金银宝鑫鼎恒信义仁德明光华新东西南北中青山水江河湖海林森松柏桃李杏梅兰竹菊云霞星月阳春秋翠红绿紫锦绣园城港湾桥塘坪坝岭岗沟坡洲滩泉溪源井亭阁楼台苑庄屯寨铺集镇")
	placeKinds = []string{"路", "街", "大道", "巷", "市场", "广场", "商城", "小区", "步行街", "商业街", "农贸市场", "批发城", "美食城", "建材城", "汽配城", "服装城", "物流园", "工业园"}
)

func (g *gen) name(chars []rune, n int) string {
	r := make([]rune, n)
	for i := range r {
		r[i] = pick(g.r, chars)
	}
	return string(r)
}

// person is a merchant's or an employee's full name.
func (g *gen) person() string {
	return string(pick(g.r, surnames)) + g.name(nameChars, 1+g.r.IntN(2))
}

// place is where in a city a shop is.
func (g *gen) place() string {
	return g.name(placeChars, 2) + pick(g.r, placeKinds) + pick(g.r, []string{"", "", fmt.Sprintf("%d号", 1+g.r.IntN(300)), fmt.Sprintf("%d栋", 1+g.r.IntN(30)), "东门", "一楼", "二楼"})
}

// goods are what each trade sells, by industry slug.
var goods = map[string][]string{
	"catering": {"一桌家常菜", "两份套餐", "十几个人的包间"}, "supermarket": {"一推车日用品", "两箱牛奶", "一袋大米和食用油"},
	"convenience": {"一条香烟", "几瓶饮料", "一箱矿泉水"}, "fruit": {"两箱苹果", "一箱车厘子", "一个果篮"},
	"clothing": {"一套西装", "一件羽绒服", "两条牛仔裤"}, "beauty": {"一张储值卡", "一次烫染", "一个疗程"},
	"car-repair": {"一次保养", "四条轮胎", "一次钣金喷漆"}, "gas": {"一箱92号汽油", "一次加油", "两桶机油"},
	"pharmacy": {"几盒感冒药", "一台血压计", "一个月的慢病用药"}, "building": {"一批瓷砖", "十包水泥", "一套卫浴"},
	"hotel": {"两晚住宿", "一间套房", "一场会议室"}, "tobacco": {"两瓶白酒", "几条香烟", "一箱红酒"},
	"baby": {"两桶奶粉", "一辆婴儿车", "一箱纸尿裤"}, "pet": {"一袋狗粮", "一次洗澡美容", "一只猫的疫苗"},
	"florist": {"一束玫瑰", "两个花篮", "几盆绿植"}, "hardware": {"一把电钻", "一盒螺丝", "一批水管配件"},
	"furniture": {"一套沙发", "一张床和床垫", "一套餐桌椅"}, "phone-shop": {"一部手机", "一个平板", "一副耳机"},
	"training": {"一学期的课时", "一个寒假班", "一年的会员"}, "clinic": {"一次体检", "一次洗牙", "几次理疗"},
	"parking": {"一个月停车", "一张年卡", "一次停车费"}, "car-wash": {"一次精洗", "一张洗车卡", "一次内饰清洗"},
	"milk-tea": {"十杯奶茶", "一批团购奶茶", "几杯咖啡"}, "barbecue": {"一桌烧烤", "几十串羊肉串", "一箱啤酒"},
	"hotpot": {"一锅火锅", "一桌聚餐", "两份外带锅底"}, "market-stall": {"一筐蔬菜", "几斤猪肉", "一箱鸡蛋"},
	"wholesale": {"一批货", "五十箱饮料", "一车粮油"}, "jewellery": {"一条金项链", "一对钻戒", "一只手镯"},
	"optician": {"一副眼镜", "一副隐形眼镜", "一次验光配镜"}, "bookshop": {"几本教辅", "一套丛书", "一批文具"},
	"gym": {"一张年卡", "二十节私教课", "一个季卡"}, "ktv": {"一晚包厢", "一个大包套餐", "几打啤酒"},
	"guesthouse": {"两晚住宿", "一间亲子房", "一个整院"}, "electronics": {"一台冰箱", "一台空调", "一台洗衣机"},
	"farm-supply": {"一批化肥", "几包种子", "一桶农药"}, "tea": {"两斤茶叶", "一饼普洱", "一套茶具"},
	"bakery": {"一个生日蛋糕", "一批面包", "几盒月饼"}, "dry-cleaner": {"几件大衣干洗", "一床被子", "一张洗衣卡"},
	"driving-school": {"一次驾照培训", "一期学费", "几节练车课"}, "renovation": {"一套全屋装修定金", "一期工程款", "一批橱柜"},
	"used-car": {"一辆二手车定金", "一次过户服务", "一辆车的尾款"}, "inn": {"一间客房", "三晚住宿", "一个标间"},
	"bar": {"几打啤酒", "一瓶洋酒", "一晚卡座"}, "internet-cafe": {"一个月网费", "一张会员卡", "几小时包间"},
	"breakfast": {"两份早餐", "一批包子", "十几份早点"},
}

var clockTimes = []string{"早上七点多", "上午十点左右", "中午", "下午两点多", "下午四点", "傍晚", "晚上八点", "晚上十点半", "快到零点时", "凌晨一点多", "周六下午", "周日上午", "月底那天", "国庆前一天", "大年初三", "开业第一天", "周一一早", "雨天傍晚"}

// Outcomes of a case, by the kind of article.
var (
	outcomesDevice = []string{
		"按上面的步骤处理后，当天就恢复了。", "重启以后恢复正常。", "最后报修换了一台，交易记录都在。", "服务商远程处理后恢复。",
		"寄修一周后拿回来，期间用扫码收款，没耽误生意。", "换了原装配件以后没再出现。", "清理以后正常，没有花钱。",
	}
	outcomesHowTo = []string{
		"照着步骤两分钟就弄好了。", "第一次不熟，第二次就会了。", "店员学会以后不用再找人问。", "按步骤操作后，做了一笔小额交易确认正常。",
	}
	outcomesDeclined = []string{
		"顾客换了一种方式付款，没有耽误生意。", "重新签到后第二笔就刷过去了。", "顾客联系发卡行后，第二天再刷成功。",
		"查询后确认那笔没有扣款，重新刷了一笔。", "服务商核实后确认不是机器的问题。", "查到是重复提交，多的一笔已经原路退回。",
	}
	outcomesMoney = []string{
		"核实后钱在第二天到账了。", "换了结算卡后重新出款，三天内到账。", "在商户App里看到是节假日顺延，节后第一天就到了。",
		"对账后发现是手续费和秒到费，金额没有错。", "银行明细里其实已经入账，只是没收到短信。", "服务商查了出款记录，当天下午补到账。",
	}
	outcomesFees = []string{
		"对账后发现是卡种不同，手续费没有算错。", "服务商核实后退回了多扣的费用。", "改成T+1以后不再扣秒到费。", "优惠活动到期恢复了标准费率，合同里写着。",
	}
	outcomesApplication = []string{
		"资料齐全，三个工作日就审核通过了。", "服务商第二天就上门装好了。", "补传了清晰的照片后审核通过。", "在App里自己就办完了，没跑腿。",
	}
	outcomesRisk = []string{
		"补交材料后，三天左右恢复收款。", "报备了真实营业时间后，夜间也能正常刷卡了。", "提供了进货单和订单，核实后解除了限制。",
		"按要求报备新地址后恢复。", "之前的钱核实后全部结算到账。", "说明情况后提高了限额。",
	}
)

// caseStory is one example of the article's situation in a shop, as the
// support desk logged it.
func (g *gen) caseStory(ask string, outcomes []string, sale bool) string {
	c := pick(g.r, cities)
	in := pick(g.r, industries)
	owner := g.person()
	sur := string([]rune(owner)[:1])
	shop := pick(g.r, []string{sur + "记" + in.zh, "老" + sur + "家的" + in.zh, "一家" + in.zh, g.name(placeChars, 2) + in.zh, g.name(nameChars, 2) + in.zh, "新开的" + in.zh})
	who := pick(g.r, []string{owner + "老板", "店员" + g.person(), "收银员" + g.person(), sur + "阿姨", "老板娘", "店长" + g.person()})
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s%s的%s%s问：“%s”", c.zh, g.place(), shop, who, pick(g.r, clockTimes), strings.TrimRight(ask, "？?！!"))
	if sale {
		amount := pick(g.r, []string{
			fmt.Sprintf("%d元", 10+g.r.IntN(90)), fmt.Sprintf("%d元", 100+g.r.IntN(900)), fmt.Sprintf("%d.%d元", 10+g.r.IntN(500), g.r.IntN(10)),
			fmt.Sprintf("%d元", (1+g.r.IntN(30))*1000+g.r.IntN(10)*100),
		})
		fmt.Fprintf(&b, "当时顾客买的是%s，%s。", pick(g.r, goods[in.slug]), amount)
	} else {
		b.WriteString("。")
	}
	b.WriteString(pick(g.r, outcomes))
	return b.String()
}

// cases adds 0 to 2 examples to a body.
func (g *gen) cases(b *strings.Builder, asks, outcomes []string, sale bool) {
	n := g.r.IntN(3)
	if n == 0 || len(asks) == 0 {
		return
	}
	b.WriteString("## 案例\n\n")
	for i := 0; i < n; i++ {
		b.WriteString("- ")
		b.WriteString(g.caseStory(pick(g.r, asks), outcomes, sale))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
}

var fillers = []string{"你好，", "在吗 ", "老师 ", "客服 ", "请问一下 ", "麻烦问下 ", "急！", "您好 ", "问个事 ", "师傅 ", "hello ", "亲 "}

var typos = []struct{ from, to string }{
	{"怎么", "咋"}, {"怎么", "怎莫"}, {"什么", "啥"}, {"什么", "神马"}, {"账", "帐"}, {"没有", "木有"}, {"没", "莫"},
	{"是不是", "是不"}, {"一直", "一值"}, {"这个", "这"}, {"机器", "机子"}, {"为什么", "为啥"}, {"不了", "不鸟"}, {"的", "滴"},
}

// colloquial makes a question read as typed on a phone in a hurry.
func (g *gen) colloquial(q string) string {
	switch g.r.IntN(6) {
	case 0:
		return pick(g.r, fillers) + q
	case 1:
		t := pick(g.r, typos)
		if strings.Contains(q, t.from) {
			return strings.Replace(q, t.from, t.to, 1)
		}
	case 2:
		return q + pick(g.r, []string{"？", "？？", "!", "。。。", " 谢谢", " 急用"})
	}
	return q
}
