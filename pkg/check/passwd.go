package check

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// account is one line of /etc/passwd or /etc/group: a name and its numeric id.
type account struct {
	name string
	id   int
}

// parseAccounts reads the name and id fields of a passwd or group file. A
// line that is not name:x:id:… is skipped, and said in the warnings, so that
// one bad line does not hide the rest.
func parseAccounts(data []byte) (accts []account, warnings []string) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), len(data)+1)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, ":")
		if len(fields) < 3 || fields[0] == "" {
			warnings = append(warnings, fmt.Sprintf("line %d: want name:password:id:…", n))
			continue
		}
		id, err := strconv.Atoi(fields[2])
		if err != nil || id < 0 {
			warnings = append(warnings, fmt.Sprintf("line %d: id %q is not a number", n, fields[2]))
			continue
		}
		accts = append(accts, account{name: fields[0], id: id})
	}
	return accts, warnings
}

// accounts is the final filesystem's view of users and groups.
type accounts struct {
	passwdFound bool
	groupFound  bool
	users       map[string]int
	groups      map[string]int
	warnings    []string
}

// loadAccounts reads /etc/passwd and /etc/group as of the final layer,
// following symlinks.
func (in *Input) loadAccounts() *accounts {
	in.accountsOnce.Do(func() {
		a := &accounts{}
		a.users, a.passwdFound = readAccounts(in, "/etc/passwd", &a.warnings)
		a.groups, a.groupFound = readAccounts(in, "/etc/group", &a.warnings)
		in.accounts = a
	})
	return in.accounts
}

// readAccounts maps the names of a passwd or group file to their ids; the
// first line of a name wins, as the C library's lookup does.
func readAccounts(in *Input, file string, warnings *[]string) (ids map[string]int, found bool) {
	ids = map[string]int{}
	e := in.Index.Resolve(file)
	if e == nil {
		return ids, false
	}
	if e.Content == nil && e.Size > 0 {
		// The walker keeps files by the path they are written at, so a file
		// reached through a symbolic link was not kept.
		*warnings = append(*warnings, fmt.Sprintf("%s links to %s, whose content was not kept; "+
			"its names are not checked", file, e.Path))
		return nil, true
	}
	accts, warns := parseAccounts(e.Content)
	for _, u := range accts {
		if _, dup := ids[u.name]; !dup {
			ids[u.name] = u.id
		}
	}
	for _, w := range warns {
		*warnings = append(*warnings, file+" "+w+"; the line is skipped")
	}
	return ids, true
}

// Warnings returns what the checks had to pass over while they ran, such as
// malformed lines of /etc/passwd. Ask once Run has returned.
func (in *Input) Warnings() []string {
	if in.accounts == nil {
		return nil
	}
	return in.accounts.warnings
}
