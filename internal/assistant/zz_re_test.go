package assistant
import ("testing";"fmt";"os";"strings";"github.com/posbot/posbot/internal/textnorm")
func TestZZRe(t *testing.T){ for _,q:=range strings.Split(os.Getenv("Q"),"|"){ f:=textnorm.Fold(q); s:=strings.ReplaceAll(f," ",""); fmt.Printf("%q zh=%q en=%q rep=%v hours=%v id=%v\n", f, personZH.FindString(s), personEN.FindString(f), reportedWord.MatchString(s), hoursAsked.MatchString(f), asksIdentity.MatchString(s)) } }
