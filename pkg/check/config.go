package check

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// runtimeUser splits the config's User into its user part: "app:staff" is
// "app". An empty User means root.
func (in *Input) runtimeUser() string {
	user, _, _ := strings.Cut(in.Config.Config.User, ":")
	return user
}

// uid resolves the runtime user to a uid. known is false when the user is a
// name that /etc/passwd does not list.
func (in *Input) uid() (uid int, known bool) {
	user := in.runtimeUser()
	if user == "" {
		return 0, true
	}
	if n, err := strconv.Atoi(user); err == nil {
		return n, true
	}
	id, ok := in.loadAccounts().users[user]
	if !ok && user == "root" {
		// The runtime treats root as uid 0 even without a passwd file.
		return 0, true
	}
	return id, ok
}

func userRoot(in *Input) []result.Finding {
	uid, known := in.uid()
	if !known || uid != 0 {
		return nil
	}
	msg := "the container runs as root (no USER is set); add a non-root user and switch to it with USER"
	if u := in.Config.Config.User; u != "" {
		msg = fmt.Sprintf("the container runs as root (USER %q is uid 0); switch to a non-root user", u)
	}
	return []result.Finding{{Severity: result.High, Message: msg}}
}

func userUnknown(in *Input) []result.Finding {
	if _, known := in.uid(); known {
		return nil
	}
	where := "/etc/passwd does not list it"
	if !in.loadAccounts().passwdFound {
		where = "the image has no /etc/passwd"
	}
	msg := fmt.Sprintf("USER %q is not an account the image knows (%s), so the container will not start; "+
		"create the user or use a numeric uid", in.Config.Config.User, where)
	return []result.Finding{{Severity: result.High, Message: msg}}
}

func healthcheckMissing(in *Input) []result.Finding {
	hc := in.Config.Config.Healthcheck
	switch {
	case hc == nil || len(hc.Test) == 0:
		return []result.Finding{{Severity: result.Medium,
			Message: "no HEALTHCHECK is set; add one so the engine can tell a hung service from a healthy one"}}
	case hc.Test[0] == "NONE":
		return []result.Finding{{Severity: result.Medium,
			Message: "HEALTHCHECK NONE switches health checking off; add a real HEALTHCHECK"}}
	}
	return nil
}
