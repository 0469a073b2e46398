package kbgen

import (
	"fmt"
	"strings"
)

// term is one word of a vocabulary: Chinese, English, and the slug ids
// are made of.
type term struct{ zh, en, slug string }

// terms parses "中文|English|slug" items.
func terms(items ...string) []term {
	out := make([]term, len(items))
	for i, it := range items {
		f := strings.Split(it, "|")
		if len(f) != 3 {
			panic("kbgen: bad term " + it)
		}
		out[i] = term{f[0], f[1], f[2]}
	}
	return out
}

// Capabilities of a product, which decide the faults it can have.
const (
	capCard = 1 << iota
	capPrint
	capScreen
	capTouch
	capKeys
	capNet
	capBattery
	capScan
	capSound
	capApp
	capBT
	capNFC
	capCamera
	capUSB
	capPlate
	capPower // it has a power switch and turns on
)

// product is a kind of device or acceptance product a merchant gets.
type product struct {
	term
	aliases []string // how merchants call it
	caps    int
	sn      string // where its serial number is
	power   string // how it is restarted
}

var products = []*product{
	{term: term{"传统POS", "traditional POS terminal", "pos"}, aliases: []string{"大POS", "传统POS机", "台式POS", "刷卡机"},
		caps: capCard | capPrint | capScreen | capKeys | capNet | capBattery | capPower, sn: "机身背面或电池仓里的标签", power: "长按红色取消键或电源键约5秒"},
	{term: term{"电签POS", "e-signature POS", "esign"}, aliases: []string{"电签版POS", "电签机", "小POS", "手刷电签"},
		caps: capCard | capScreen | capKeys | capNet | capBattery | capPower | capNFC, sn: "机身背面贴纸（SN开头的一串）", power: "长按电源键约8秒"},
	{term: term{"智能POS", "smart POS", "smart"}, aliases: []string{"安卓POS", "智能终端", "智能收银POS", "大屏POS"},
		caps: capCard | capPrint | capScreen | capTouch | capNet | capBattery | capApp | capScan | capCamera | capPower | capNFC, sn: "设置 → 关于本机 → 序列号，或机身背面标签", power: "长按侧边电源键，选“重启”"},
	{term: term{"蓝牙刷卡器", "mPOS card reader", "mpos"}, aliases: []string{"MPOS", "手机刷卡器", "蓝牙POS", "刷卡宝"},
		caps: capCard | capBattery | capBT | capApp | capPower, sn: "刷卡器背面或App的设备信息里", power: "长按开关键3秒关机再开"},
	{term: term{"扫码盒子", "QR scanner box", "qrbox"}, aliases: []string{"扫码盒", "付款盒子", "扫码支付盒", "收款盒子"},
		caps: capScan | capNet | capSound | capPower | capScreen, sn: "盒子底部的标签", power: "拔掉电源线等10秒再插上"},
	{term: term{"云音箱", "cloud speaker", "speaker"}, aliases: []string{"收款音箱", "播报音箱", "收款喇叭", "语音播报器"},
		caps: capSound | capNet | capBattery | capKeys | capPower, sn: "音箱底部标签，或商户App的设备管理", power: "长按电源键约3秒"},
	{term: term{"扫码枪", "barcode scanner", "scanner"}, aliases: []string{"扫描枪", "扫码器", "收银扫码枪"},
		caps: capScan | capUSB, sn: "枪身手柄的标签", power: "拔下USB线再插回"},
	{term: term{"收银一体机", "all-in-one cash register", "cashier"}, aliases: []string{"收银机", "双屏收银机", "收银台一体机"},
		caps: capPrint | capScreen | capTouch | capNet | capApp | capScan | capUSB | capPower, sn: "主机底部铭牌", power: "在系统里关机，再按主机电源键开机"},
	{term: term{"刷脸设备", "face-pay device", "face"}, aliases: []string{"刷脸支付机", "刷脸机", "人脸收款设备"},
		caps: capScreen | capTouch | capNet | capApp | capCamera | capPower | capScan, sn: "设备背面的二维码标签", power: "长按背面电源键，选“重启”"},
	{term: term{"NFC码牌", "NFC QR stand", "plate"}, aliases: []string{"码牌", "收款码牌", "碰一碰码牌", "台卡"},
		caps: capPlate | capNFC | capScan, sn: "码牌背面的编号", power: "码牌不用电，无需重启"},
}

// series is a model line of a vendor: a letter and the product it is.
type series struct {
	prefix string
	p      *product
}

type vendor struct {
	term
	series   []series
	menu     int // which menu layout its software has
	warranty int // months
	battery  int // months of battery warranty
}

// model is one terminal model a vendor sells.
type model struct {
	v    *vendor
	name string
	slug string
	p    *product
	year int
}

// Invented terminal makers: no real brand is described.
var vendorTerms = terms(
	"星联|Xinglian|xl", "汇拓|Huituo|ht", "瑞科|Ruike|rk", "博锐|Borui|br",
	"新码|Xinma|xm", "德信|Dexin|dx", "云拓|Yuntuo|yt", "金盾|Jindun|jd",
	"华鼎|Huading|hd", "联创|Lianchuang|lc", "易捷|Yijie|yj", "恒通|Hengtong|hgt",
	"腾翔|Tengxiang|tx", "安付|Anfu|af", "蓝鲸|Lanjing|lj", "中科睿|Zhongkerui|zkr",
)

var seriesPrefixes = []string{"S", "K", "P", "A", "N", "Q", "M", "T", "X", "E", "C", "V", "W", "H", "D", "G", "L", "R", "U", "Z"}
var modelSuffixes = []string{"", "", "", "", " Pro", " Plus", " Lite", " mini", " 4G", " Max", "S", "A", " Neo", " SE"}

func (g *gen) drawModels() []*model {
	var out []*model
	for _, vt := range vendorTerms {
		v := &vendor{term: vt, menu: g.r.IntN(4), warranty: pick(g.r, []int{12, 12, 18, 24, 36}), battery: pick(g.r, []int{6, 6, 12})}
		prefixes := sample(g.r, seriesPrefixes, 2+g.r.IntN(2))
		prods := sample(g.r, products, len(prefixes))
		for j, pre := range prefixes {
			v.series = append(v.series, series{pre, prods[j]})
		}
		seen := map[string]bool{}
		for _, s := range v.series {
			for k, tries := 0, 0; k < 3+g.r.IntN(4) && tries < 50; tries++ {
				var num string
				switch s.p.caps & (capTouch | capPlate) {
				case 0:
					num = fmt.Sprintf("%d%d0", 1+g.r.IntN(9), 1+g.r.IntN(9))
				default:
					num = fmt.Sprintf("%d", 1+g.r.IntN(12))
				}
				name := s.prefix + num + pick(g.r, modelSuffixes)
				if seen[name] {
					continue
				}
				seen[name] = true
				k++
				out = append(out, &model{v: v, name: name, slug: slug(name), p: s.p, year: 2016 + g.r.IntN(9)})
			}
		}
	}
	return out
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// acquirer is an invented acquiring institution (收单机构) with the rules
// it sets, drawn once per seed.
type acquirer struct {
	term
	cut         string // day cut-off
	d0Window    string // when instant payout works
	d0WindowEN  string
	d0Limit     int // 万 a day of instant payout
	d0Fee       string
	d0FeeEN     string
	credit      string // credit card rate, %
	debit       string
	debitCap    int
	qr          string
	simFee      int // yuan a year
	deposit     int
	single      int // 万, single card sale limit
	daily       int // 万
	nightFrom   string
	nightTo     string
	app         string // merchant app name
	reviewDays  int
	refundDays  int
	serviceName string
}

var acquirerTerms = terms(
	"汇通支付|Huitong Pay|htpay", "银信付|Yinxin Pay|yxpay", "瑞银付|Ruiyin Pay|rypay", "联合通付|Lianhe Tongfu|lhtf",
	"融汇支付|Ronghui Pay|rhpay", "通宝付|Tongbao Pay|tbpay", "易收宝|Yishoubao|ysb", "合利通|Helitong|hlt",
	"恒信付|Hengxin Pay|hxpay", "鑫支付|Xin Pay|xinpay", "富民付|Fumin Pay|fmpay", "安捷支付|Anjie Pay|ajpay",
	"百川支付|Baichuan Pay|bcpay", "乐收|Leshou|leshou", "信达支付|Xinda Pay|xdpay", "兴通付|Xingtong Pay|xtpay",
	"华付通|Huafutong|hft", "捷付|Jiefu|jiefu",
)

func (g *gen) drawAcquirers() []*acquirer {
	out := make([]*acquirer, len(acquirerTerms))
	for i, t := range acquirerTerms {
		out[i] = &acquirer{
			term:        t,
			cut:         pick(g.r, []string{"23:00", "23:00", "22:30", "23:30", "22:00"}),
			d0Limit:     pick(g.r, []int{5, 10, 20, 30, 50}),
			credit:      pick(g.r, []string{"0.55", "0.58", "0.6", "0.6", "0.63"}),
			debit:       pick(g.r, []string{"0.5", "0.5", "0.55"}),
			debitCap:    pick(g.r, []int{18, 20, 20, 25}),
			qr:          pick(g.r, []string{"0.38", "0.38", "0.3", "0.35", "0.25"}),
			simFee:      pick(g.r, []int{36, 48, 60, 69, 99}),
			deposit:     pick(g.r, []int{0, 99, 199, 299}),
			single:      pick(g.r, []int{2, 5, 5, 10, 20}),
			daily:       pick(g.r, []int{10, 20, 30, 50, 100}),
			nightFrom:   pick(g.r, []string{"23:00", "0:00", "22:00", "1:00"}),
			nightTo:     pick(g.r, []string{"6:00", "7:00", "5:00"}),
			app:         t.zh + pick(g.r, []string{"商户通", "商家版", "助手", "管家", "商户版App"}),
			reviewDays:  pick(g.r, []int{3, 5, 7, 7, 10, 15}),
			refundDays:  pick(g.r, []int{30, 60, 90, 180}),
			serviceName: pick(g.r, []string{"服务商", "业务员", "代理商", "客户经理", "渠道服务商"}),
		}
		w := pick(g.r, [][2]string{{"7:00到22:30", "7:00 to 22:30"}, {"8:00到22:00", "8:00 to 22:00"}, {"全天（日切前后半小时除外）", "all day except half an hour around the cut-off"}, {"6:30到23:00", "6:30 to 23:00"}, {"9:00到21:00", "9:00 to 21:00"}})
		f := pick(g.r, [][2]string{{"每笔加收3元", "3 yuan per payout"}, {"每笔加收2元", "2 yuan per payout"}, {"按金额加收0.05%", "0.05% of the amount"}, {"按金额加收0.03%", "0.03% of the amount"}, {"每笔加收1元", "1 yuan per payout"}})
		out[i].d0Window, out[i].d0WindowEN, out[i].d0Fee, out[i].d0FeeEN = w[0], w[1], f[0], f[1]
	}
	return out
}

var banks = terms(
	"工商银行|ICBC|icbc", "农业银行|Agricultural Bank of China|abc", "中国银行|Bank of China|boc", "建设银行|China Construction Bank|ccb",
	"交通银行|Bank of Communications|bocom", "邮储银行|Postal Savings Bank|psbc", "招商银行|China Merchants Bank|cmb", "浦发银行|SPD Bank|spdb",
	"中信银行|China CITIC Bank|citic", "光大银行|China Everbright Bank|ceb", "华夏银行|Hua Xia Bank|hxb", "民生银行|China Minsheng Bank|cmbc",
	"广发银行|China Guangfa Bank|cgb", "平安银行|Ping An Bank|pab", "兴业银行|Industrial Bank|cib", "浙商银行|China Zheshang Bank|czb",
	"渤海银行|China Bohai Bank|cbhb", "恒丰银行|Hengfeng Bank|hfb", "北京银行|Bank of Beijing|bob", "上海银行|Bank of Shanghai|bosc",
	"江苏银行|Bank of Jiangsu|jsb", "南京银行|Bank of Nanjing|njcb", "宁波银行|Bank of Ningbo|nbcb", "杭州银行|Bank of Hangzhou|hzb",
	"徽商银行|Huishang Bank|hsb", "长沙银行|Bank of Changsha|cscb", "成都银行|Bank of Chengdu|cdcb", "重庆银行|Bank of Chongqing|cqcb",
	"贵阳银行|Bank of Guiyang|gyb", "西安银行|Bank of Xi'an|xab", "郑州银行|Bank of Zhengzhou|zzb", "青岛银行|Bank of Qingdao|qdb",
	"苏州银行|Bank of Suzhou|szb", "厦门银行|Xiamen Bank|xmb", "广州银行|Bank of Guangzhou|gzb", "东莞银行|Bank of Dongguan|dgb",
	"天津银行|Bank of Tianjin|tjb", "哈尔滨银行|Harbin Bank|hrbb", "兰州银行|Bank of Lanzhou|lzb", "网商银行|MYbank|mybank",
	"微众银行|WeBank|webank", "深圳农商银行|Shenzhen Rural Commercial Bank|szrcb", "广州农商银行|Guangzhou Rural Commercial Bank|grcb",
	"北京农商银行|Beijing Rural Commercial Bank|bjrcb", "上海农商银行|Shanghai Rural Commercial Bank|srcb", "重庆农商银行|Chongqing Rural Commercial Bank|cqrcb",
	"成都农商银行|Chengdu Rural Commercial Bank|cdrcb", "武汉农商银行|Wuhan Rural Commercial Bank|whrcb", "浙江农信|Zhejiang Rural Credit|zjrc",
	"江苏农商行|Jiangsu Rural Commercial Bank|jsrcb", "山东农信|Shandong Rural Credit|sdrcu", "河南农信|Henan Rural Credit|hnnx",
	"四川农信|Sichuan Rural Credit|scrcu", "广西农信|Guangxi Rural Credit|gxrcu", "云南农信|Yunnan Rural Credit|ynrcc",
)

// city is a place merchants trade in, with its province.
type city struct {
	term
	province, provinceEN string
}

var cities = func() []city {
	var out []city
	for _, p := range []struct{ prov, provEN, list string }{
		{"广东", "Guangdong", "广州:guangzhou 深圳:shenzhen 东莞:dongguan 佛山:foshan 珠海:zhuhai 中山:zhongshan 惠州:huizhou 汕头:shantou 湛江:zhanjiang"},
		{"浙江", "Zhejiang", "杭州:hangzhou 宁波:ningbo 温州:wenzhou 金华:jinhua 义乌:yiwu 嘉兴:jiaxing 绍兴:shaoxing 湖州:huzhou"},
		{"江苏", "Jiangsu", "南京:nanjing 苏州:suzhou 无锡:wuxi 常州:changzhou 南通:nantong 徐州:xuzhou 扬州:yangzhou"},
		{"山东", "Shandong", "济南:jinan 青岛:qingdao 烟台:yantai 潍坊:weifang 临沂:linyi 淄博:zibo"},
		{"河南", "Henan", "郑州:zhengzhou 洛阳:luoyang 南阳:nanyang 新乡:xinxiang 开封:kaifeng"},
		{"河北", "Hebei", "石家庄:shijiazhuang 保定:baoding 唐山:tangshan 邯郸:handan 廊坊:langfang"},
		{"四川", "Sichuan", "成都:chengdu 绵阳:mianyang 宜宾:yibin 南充:nanchong 乐山:leshan"},
		{"湖北", "Hubei", "武汉:wuhan 宜昌:yichang 襄阳:xiangyang 荆州:jingzhou"},
		{"湖南", "Hunan", "长沙:changsha 株洲:zhuzhou 衡阳:hengyang 岳阳:yueyang 常德:changde"},
		{"福建", "Fujian", "福州:fuzhou 厦门:xiamen 泉州:quanzhou 漳州:zhangzhou 莆田:putian"},
		{"安徽", "Anhui", "合肥:hefei 芜湖:wuhu 蚌埠:bengbu 阜阳:fuyang 安庆:anqing"},
		{"江西", "Jiangxi", "南昌:nanchang 赣州:ganzhou 九江:jiujiang 上饶:shangrao"},
		{"广西", "Guangxi", "南宁:nanning 柳州:liuzhou 桂林:guilin 玉林:yulin"},
		{"云南", "Yunnan", "昆明:kunming 大理:dali 曲靖:qujing 丽江:lijiang"},
		{"贵州", "Guizhou", "贵阳:guiyang 遵义:zunyi 六盘水:liupanshui"},
		{"陕西", "Shaanxi", "西安:xian 咸阳:xianyang 宝鸡:baoji 渭南:weinan 汉中:hanzhong"},
		{"山西", "Shanxi", "太原:taiyuan 大同:datong 临汾:linfen 长治:changzhi"},
		{"辽宁", "Liaoning", "沈阳:shenyang 大连:dalian 鞍山:anshan 锦州:jinzhou"},
		{"吉林", "Jilin", "长春:changchun 吉林市:jilinshi 延吉:yanji"},
		{"黑龙江", "Heilongjiang", "哈尔滨:harbin 大庆:daqing 齐齐哈尔:qiqihar 牡丹江:mudanjiang"},
		{"内蒙古", "Inner Mongolia", "呼和浩特:hohhot 包头:baotou 鄂尔多斯:ordos 赤峰:chifeng"},
		{"新疆", "Xinjiang", "乌鲁木齐:urumqi 喀什:kashgar 伊宁:yining"},
		{"甘肃", "Gansu", "兰州:lanzhou 天水:tianshui 酒泉:jiuquan"},
		{"宁夏", "Ningxia", "银川:yinchuan 石嘴山:shizuishan"},
		{"青海", "Qinghai", "西宁:xining 格尔木:golmud"},
		{"西藏", "Xizang", "拉萨:lhasa 日喀则:shigatse"},
		{"海南", "Hainan", "海口:haikou 三亚:sanya 儋州:danzhou"},
		{"北京", "Beijing", "朝阳区:chaoyang 海淀区:haidian 丰台区:fengtai 通州区:tongzhou"},
		{"上海", "Shanghai", "浦东新区:pudong 闵行区:minhang 徐汇区:xuhui 松江区:songjiang"},
		{"天津", "Tianjin", "滨海新区:binhai 河西区:hexi 南开区:nankai"},
		{"重庆", "Chongqing", "渝中区:yuzhong 江北区:jiangbei 万州区:wanzhou"},
	} {
		for _, item := range strings.Fields(p.list) {
			zh, s, _ := strings.Cut(item, ":")
			en := strings.ToUpper(s[:1]) + s[1:]
			out = append(out, city{term{zh, en, s}, p.prov, p.provEN})
		}
	}
	return out
}()

var industries = terms(
	"餐饮|restaurant|catering", "超市|supermarket|supermarket", "便利店|convenience store|convenience", "水果店|fruit shop|fruit",
	"服装店|clothing store|clothing", "美容美发|beauty salon|beauty", "汽车维修|car repair shop|car-repair", "加油站|gas station|gas",
	"药店|pharmacy|pharmacy", "建材店|building materials shop|building", "酒店|hotel|hotel", "烟酒店|tobacco and liquor shop|tobacco",
	"母婴店|baby store|baby", "宠物店|pet shop|pet", "花店|florist|florist", "五金店|hardware store|hardware",
	"家具店|furniture store|furniture", "手机店|mobile phone shop|phone-shop", "培训机构|training school|training", "诊所|clinic|clinic",
	"停车场|parking lot|parking", "洗车店|car wash|car-wash", "奶茶店|milk tea shop|milk-tea", "烧烤店|barbecue restaurant|barbecue",
	"火锅店|hotpot restaurant|hotpot", "菜市场摊位|market stall|market-stall", "批发部|wholesale shop|wholesale", "珠宝店|jewellery store|jewellery",
	"眼镜店|optician|optician", "书店|bookshop|bookshop", "健身房|gym|gym", "KTV|karaoke bar|ktv",
	"民宿|guesthouse|guesthouse", "家电卖场|electronics store|electronics", "农资店|farm supply shop|farm-supply", "茶叶店|tea shop|tea",
	"面包店|bakery|bakery", "干洗店|dry cleaner|dry-cleaner", "驾校|driving school|driving-school", "装修公司|renovation company|renovation",
	"二手车行|used car dealer|used-car", "宾馆|inn|inn", "酒吧|bar|bar", "网吧|internet cafe|internet-cafe", "早餐店|breakfast shop|breakfast",
)

var merchantTypes = terms(
	"个体工商户|sole proprietor|individual", "小微商户|micro merchant without a licence|micro",
	"企业商户|company merchant|company", "连锁门店|chain store|chain", "个人商户|personal merchant|personal",
)

// settleMode is a way a merchant's money is paid out.
type settleMode struct {
	term
	desc    string
	descEN  string
	instant bool
}

var settleModes = []settleMode{
	{term{"T+1", "T+1", "t1"}, "交易后的下一个工作日到账，周末和节假日顺延", "paid on the next working day; weekends and holidays push it back", false},
	{term{"D+1", "D+1", "d1"}, "交易后的下一个自然日到账，节假日也到", "paid on the next calendar day, holidays included", false},
	{term{"D0秒到", "D0 instant payout", "d0"}, "秒到时段内的交易几分钟到账，超出时段或额度改为次日", "paid within minutes inside the instant-payout window; outside it or above the limit, the next day", true},
	{term{"T0", "T0 same-day", "t0"}, "工作日当天交易当天到账，节假日顺延", "paid the same working day; holidays push it back", true},
	{term{"定时到账", "scheduled payout", "scheduled"}, "每天在固定时间点批量到账", "paid in batches at fixed times every day", false},
	{term{"手动提现", "manual withdrawal", "withdraw"}, "交易款先进商户App余额，自己点提现才到卡", "money first goes to the app balance and reaches your card when you withdraw it", false},
}

var wallets = terms(
	"微信支付|WeChat Pay|wechat", "支付宝|Alipay|alipay", "云闪付|UnionPay QuickPass|quickpass",
	"数字人民币|e-CNY|ecny", "银行App扫码|bank app QR payment|bankapp",
)

var cardTypes = terms(
	"Visa卡|Visa card|visa", "万事达卡|Mastercard|mastercard", "JCB卡|JCB card|jcb", "美国运通卡|American Express card|amex",
	"大来卡|Diners Club card|diners", "银联IC卡|UnionPay chip card|unionpay-ic", "公务卡|government business card|gov-card",
	"预付卡|prepaid card|prepaid", "社保卡|social security card|social-card", "二类户借记卡|Class II debit card|class2",
	"港澳银联卡|Hong Kong or Macao UnionPay card|hk-unionpay", "信用卡|credit card|credit",
)

// s2t writes simplified characters of the templates in traditional form.
var s2t = func() map[rune]rune {
	const pairs = "机機终終么麼办辦钱錢账賬没沒码碼扫掃显顯开開关關结結时時间間费費话話为為这這还還问問题題点點网網络絡连連电電应應错錯误誤银銀后後吗嗎请請东東广廣门門长長换換让讓处處实實动動币幣资資设設备備声聲响響与與经經发發现現过過报報单單卡卡刷刷了了个個们們会會说說对對样樣么麼里裡头頭号號种種张張边邊认認识識录錄卖賣买買试試软軟件件级級进進远遠单單标標签簽宝寶币幣额額变變从從户戶据據务務执執营營业業证證书書凭憑纸紙亮亮灯燈线線园園区區车車闪閃红紅绿綠蓝藍键鍵盘盤屏屏块塊坏壞修修换換续續险險认認审審核核冻凍结結解解限限制製拦攔截截异異常常夜夜额額度度笔筆转轉图圖状狀态態数數据據库庫户戶卡卡盒盒箱箱音音枪槍脸臉摄攝头頭该該读讀写寫听聽见見热熱鼓鼓胀脹坏壞几幾岁歲乐樂鸡雞鱼魚饭飯馆館药藥店店铺鋪层層楼樓带帶难難紧緊给給写寫让讓满滿两兩气氣价價钟鐘绑綁够夠终終达達运運输輸导導则則当當压壓观觀视視频頻这這样樣么麼"
	m := map[rune]rune{}
	r := []rune(pairs)
	for i := 0; i+1 < len(r); i += 2 {
		if r[i] != r[i+1] {
			m[r[i]] = r[i+1]
		}
	}
	return m
}()
