package escalation

import "time"

// Languages, as the assistant names them.
const (
	LangZH = "zh"
	LangEN = "en"
)

// cst is China Standard Time, in which merchants and agents read times.
var cst = time.FixedZone("CST", 8*3600)

type msgKey int

const (
	msgBegin msgKey = iota
	msgRetry
	msgSkip
	msgSummary
	msgConfirm
	msgSubmitButton
	msgCancelButton
	msgSubmitted
	msgCancelled
	msgAlreadyOpen
	msgCardWarning
	msgStale
	msgFromMerchant
	msgFromAgent
	msgClosed
	msgClosedBy
	msgThanksRating
	msgNotPlaced
	msgNoted
	msgWayOut
	msgDoneButton
	msgResolvedBy
	msgClaimed
	msgReopenButton
	msgReopened
	msgBlocked
	msgKBSent
	msgOffHours
	msgAutoClosed
	msgPhotoQuestion
	msgAttachedLater
	msgAttachedOpen
)

var messages = map[msgKey][2]string{
	msgBegin:         {"好的，我来帮你转人工。先问几个问题，客服拿到就能直接查（随时回复“取消”可退出）。请不要发送完整卡号、密码、CVV 或短信验证码。", "OK, I'll get you a person. A few quick questions first so the agent can act right away (reply \"cancel\" to stop). Never send a full card number, PIN, CVV or SMS code."},
	msgRetry:         {"没看懂这个格式。%s", "I couldn't read that. %s"},
	msgSkip:          {"跳过", "Skip"},
	msgSummary:       {"请确认要提交给客服的信息：", "Please check what goes to the agent:"},
	msgConfirm:       {"无误请点“提交”或回复“提交”；要改哪项直接发新的内容；回复“取消”放弃。", "Press \"Submit\" or reply \"submit\" if it is right; send a correction to change a field; \"cancel\" to stop."},
	msgSubmitButton:  {"✅ 提交", "✅ Submit"},
	msgCancelButton:  {"取消", "Cancel"},
	msgSubmitted:     {"已提交，工单号 #%d。客服会在这个对话里直接回复你，工作时间一般很快就有人处理，请留意消息；在此期间你发的消息都会转给客服。", "Submitted: ticket #%d. An agent will reply right here, usually soon during working hours. Anything you send meanwhile goes to the agent."},
	msgCancelled:     {"已取消。还有问题随时发消息。", "Cancelled. Message me any time."},
	msgAlreadyOpen:   {"你的工单 #%d 还在处理中，直接在这里发消息就会转给客服。", "Your ticket #%d is still open; anything you send here goes to the agent."},
	msgCardWarning:   {"⚠️ 为了你的资金安全，请不要发送完整卡号、密码、CVV 或短信验证码，我已自动隐藏。", "⚠️ For your safety, please don't send full card numbers, PINs, CVVs or SMS codes; I have hidden them."},
	msgStale:         {"这个按钮已失效。", "This button is no longer active."},
	msgFromMerchant:  {"💬 商户（工单 #%d）：%s", "💬 Merchant (ticket #%d): %s"},
	msgFromAgent:     {"👩‍💼 客服（工单 #%d）：%s", "👩‍💼 Agent (ticket #%d): %s"},
	msgClosed:        {"工单 #%d 已处理完毕。请为本次服务打个分（1 最差，5 最好）：", "Ticket #%d is closed. Please rate our help (1 worst, 5 best):"},
	msgClosedBy:      {"✅ 工单 #%d 已由 %s 关闭。", "✅ Ticket #%d closed by %s."},
	msgClaimed:       {"👩‍💼 %s正在处理你的工单 #%d。", "👩‍💼 %s is working on your ticket #%d."},
	msgReopenButton:  {"还没解决", "Not solved yet"},
	msgReopened:      {"工单 #%d 已重新打开，客服会接着处理。直接在这里补充情况即可。", "Ticket #%d is open again; an agent will pick it up. Add anything here."},
	msgBlocked:       {"本会话已被客服暂停，之后的消息不会再回复。", "Support has paused this conversation; further messages will not be answered."},
	msgOffHours:      {"现在是非工作时间，客服%s会回复你（工作时间：%s）。", "We are outside working hours; an agent will reply %s (hours: %s)."},
	msgAutoClosed:    {"工单 #%d 很久没有新消息，已自动关闭。问题还在的话，点“还没解决”或直接发消息。", "Ticket #%d had no messages for a long time and was closed. If the problem remains, press Not solved yet or write again."},
	msgPhotoQuestion: {"（可选）有终端屏幕或签购单的照片吗？直接发过来，客服能看到；没有就点“跳过”。", "(Optional) Have a photo of the terminal's screen or the receipt? Send it and the agent will see it; otherwise press Skip."},
	msgAttachedLater: {"收到，图片/文件会随工单一起交给客服。", "Got it: the photo or file goes to the agent with your ticket."},
	msgAttachedOpen:  {"收到，已转给客服。可以再补一句文字说明，处理会更快。", "Got it, passed to the agent. A line of text about it helps them act faster."},
	msgKBSent:        {"👩‍💼 客服（工单 #%d）为你发送了知识库说明：\n\n%s", "👩‍💼 Agent (ticket #%d) sent you this from our help articles:\n\n%s"},
	msgThanksRating:  {"感谢你的评分！还有问题随时发消息。", "Thanks for rating! Message me any time."},
	msgNotPlaced:     {"没看出要改哪一项。要改的话请写明，例如“金额350”“终端号87654321”“日期是昨天”。\n", "I couldn't tell which field to change. Name it, e.g. \"amount 350\" or \"terminal 87654321\".\n"},
	msgNoted:         {"已记下你说的情况，会一起转给客服。", "Noted; the agent will see that too. "},
	msgWayOut:        {"不知道的话可以点“跳过”，不想继续可以点“取消”。", "If you don't know, press \"Skip\"; to stop, press \"Cancel\"."},
	msgDoneButton:    {"✅ 问题已解决", "✅ Problem solved"},
	msgResolvedBy:    {"✅ 工单 #%d 已由商户确认问题解决并关闭。", "✅ Ticket #%d closed by the merchant: solved."},
}

func msg(lang string, k msgKey) string {
	if lang == LangEN {
		return messages[k][1]
	}
	return messages[k][0]
}
