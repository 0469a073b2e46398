package redact

import (
	"regexp"
	"strings"
)

// secret is a payment secret typed with what it is: a card-security code
// (CVV, CVN, CVC, 安全码, 卡背后三位), a one-time code (验证码, 动态码, 短信码,
// OTP) or a PIN (密码, PIN). Only the digits after such a word are taken: a
// secret is never recognised by its shape alone, which a terminal number or
// an amount shares.
var secret = regexp.MustCompile(`(?i)(cvv2?|cvn2?|cvc2?|csc|安全码|卡背[面后]?的?三位数?|背面的?三位数?|` +
	`验证码|校验码|动态码|动态密码|短信码|一次性密码|otp|one[- ]time (?:code|password)|sms code|verification code|security code|` +
	`取款密码|支付密码|交易密码|银行卡密码|卡密码|密码|pin(?: code)?|passcode|password)` +
	`(\s*(?:是|为|為|:|：|=|is|是个|号码是)?\s*)([0-9０-９](?:[\s-]?[0-9０-９]){2,7})`)

// Secrets masks the digits of every payment secret in s: "cvv 123" becomes
// "cvv ***", "验证码845721" becomes "验证码******". Nothing else changes.
func Secrets(s string) string {
	return secret.ReplaceAllStringFunc(s, func(m string) string {
		g := secret.FindStringSubmatch(m)
		return g[1] + g[2] + strings.Repeat("*", digitCount(g[3]))
	})
}

// HasSecret reports whether s holds a payment secret Secrets would mask.
func HasSecret(s string) bool { return secret.MatchString(s) }

func digitCount(s string) int {
	n := 0
	for _, r := range s {
		if isDigitRune(r) {
			n++
		}
	}
	return n
}

// HasPayment reports whether s holds a card number or a payment secret:
// the merchant is then warned not to send them.
func HasPayment(s string) bool { return HasCard(s) || HasSecret(s) }

// Stored is text as posbot keeps it and shows it to agents: Payment, and
// resident ID numbers masked to the first 6 and last 4 and mobile numbers
// to the last 4 — except a mobile number the merchant gives as their own
// contact ("联系电话", "打我手机", "call me on"), which an agent needs to call
// back.
func Stored(s string) string {
	out, _ := mask(Secrets(s), maskCards|maskIDs|maskMobiles|keepContact)
	return out
}
