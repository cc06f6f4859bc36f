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
// name that /etc/passwd does not list, except root, which means uid 0 to
// whoever reads the image even where the runtime cannot look it up.
func (in *Input) uid() (uid int, known bool) {
	user := in.runtimeUser()
	if user == "" {
		return 0, true
	}
	if n, err := strconv.Atoi(user); err == nil {
		return n, true
	}
	a := in.loadAccounts()
	id, ok := a.users[user]
	if !ok && user == "root" {
		return 0, true
	}
	return id, ok // a nil users map is a passwd that could not be read
}

// userListed reports whether the runtime can resolve the user part of
// User: empty, a number, or a name the final /etc/passwd lists. The runtime
// reads only the image's own file, so even root must be listed there.
func (in *Input) userListed() bool {
	user := in.runtimeUser()
	if user == "" {
		return true
	}
	if _, err := strconv.Atoi(user); err == nil {
		return true
	}
	users := in.loadAccounts().users
	_, ok := users[user]
	return ok || users == nil // nil: a passwd that could not be read
}

func userRoot(in *Input) []result.Finding {
	uid, known := in.uid()
	if !known || uid != 0 {
		return nil
	}
	msg := "the container runs as root (no USER is set); add a non-root user and switch to it " +
		"with USER"
	if u := in.Config.Config.User; u != "" {
		msg = fmt.Sprintf("the container runs as root (USER %q is uid 0); switch to a non-root user", u)
	}
	return []result.Finding{{Severity: result.High, Message: msg}}
}

// groupKnown reports whether the group part of User, if any, is one the
// runtime can resolve: a number, or a name the final /etc/group lists, root
// included.
func (in *Input) groupKnown() bool {
	_, group, ok := strings.Cut(in.Config.Config.User, ":")
	if !ok || group == "" {
		return true
	}
	if _, err := strconv.Atoi(group); err == nil {
		return true
	}
	groups := in.loadAccounts().groups
	_, known := groups[group]
	return known || groups == nil
}

func userUnknown(in *Input) []result.Finding {
	user := in.Config.Config.User
	a := in.loadAccounts()
	if !in.userListed() {
		where := "/etc/passwd does not list it"
		if !a.passwdFound {
			where = "the image has no /etc/passwd"
		}
		fix := "create the user or use a numeric uid"
		if in.runtimeUser() == "root" {
			fix = "add root to /etc/passwd or write USER 0, or better, run as a non-root uid"
		}
		return []result.Finding{{Severity: result.High, Message: fmt.Sprintf(
			"USER %q is not an account the image knows (%s), so the container will not start; %s",
			user, where, fix)}}
	}
	if !in.groupKnown() {
		where := "/etc/group does not list it"
		if !a.groupFound {
			where = "the image has no /etc/group"
		}
		return []result.Finding{{Severity: result.High, Message: fmt.Sprintf(
			"USER %q names a group the image does not know (%s), so the container will not "+
				"start; create the group or use a numeric gid", user, where)}}
	}
	return nil
}

func healthcheckMissing(in *Input) []result.Finding {
	hc := in.Config.Config.Healthcheck
	switch {
	case hc == nil || len(hc.Test) == 0:
		return []result.Finding{{Severity: result.Medium,
			Message: "no HEALTHCHECK is set; add one so the engine can tell a hung service " +
				"from a healthy one"}}
	case hc.Test[0] == "NONE":
		msg := "HEALTHCHECK NONE switches health checking off; add a real HEALTHCHECK"
		if i := in.parentHealthcheck(); i >= 0 {
			msg = fmt.Sprintf("HEALTHCHECK NONE switches off the health check an earlier step set "+
				"(history entry %d); add a HEALTHCHECK that suits this image", i)
		}
		return []result.Finding{{Severity: result.Medium, Message: msg}}
	}
	return nil
}

// parentHealthcheck returns the history entry of the last HEALTHCHECK that
// set a test, as a base image's did, or -1 when the history shows none.
func (in *Input) parentHealthcheck() int {
	found := -1
	for i, h := range in.Config.History {
		_, rest, ok := strings.Cut(h.CreatedBy, "HEALTHCHECK")
		if ok && !strings.HasPrefix(strings.TrimSpace(rest), "NONE") &&
			!strings.Contains(rest, `"NONE"`) {
			found = i
		}
	}
	return found
}
