package check

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// credentialName matches names of settings that usually hold a credential.
// "auth" counts only as a word of its own, so that a label such as
// org.opencontainers.image.authors does not.
var credentialName = regexp.MustCompile(
	`(?i)(token|passw(or)?d|passwd|pwd|secret|private[_-]?key|api[_-]?key|access[_-]?key|` +
		`credential|auth(orization)?([_.-]|$))`)

// notCredentialName matches names that look like credentials but are not:
// the shell's working directories, tokenizer settings, and the *_FILE and
// *_PATH settings that point at a secret mounted at run time.
var notCredentialName = regexp.MustCompile(
	`(?i)^(OLD)?PWD$|^TOKENIZERS?_|_(FILE|PATH|DIR)$`)

// harmlessValue matches values no credential takes: switches, small
// numbers and absolute paths.
var harmlessValue = regexp.MustCompile(`(?i)^(true|false|yes|no|on|off|none|null|[0-9]{1,3}|/\S*)$`)

// credentialValue matches values in the shape of well-known credentials.
var credentialValue = regexp.MustCompile(
	`(AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|` +
		`glpat-[A-Za-z0-9_-]{20}|xox[abprs]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,}|` +
		`npm_[A-Za-z0-9]{36}|-----BEGIN [A-Z ]*PRIVATE KEY-----`)

// looksLikeCredential reports whether a name=value setting looks like it
// carries a credential.
func looksLikeCredential(name, value string) bool {
	if credentialValue.MatchString(value) {
		return true
	}
	if value == "" || harmlessValue.MatchString(value) || notCredentialName.MatchString(name) {
		return false
	}
	return credentialName.MatchString(name)
}

// MaskArgs masks the credentials in a command line, as the config's
// entrypoint, cmd or health check holds it: the value of NAME=VALUE and
// --name=VALUE words whose name looks like a credential's, the word after
// such a --name, and any word in the shape of a well-known credential.
func MaskArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		name, value, hasValue := strings.Cut(a, "=")
		switch {
		case credentialValue.MatchString(a):
			out[i] = Mask(a)
		case hasValue && looksLikeCredential(strings.TrimLeft(name, "-"), value):
			out[i] = name + "=" + Mask(value)
		case i > 0 && isCredentialFlag(args[i-1]) && looksLikeCredential(args[i-1], a):
			out[i] = Mask(a)
		}
	}
	return out
}

// isCredentialFlag reports whether a word is an option such as --password
// whose next word is its value.
func isCredentialFlag(w string) bool {
	return strings.HasPrefix(w, "-") && !strings.Contains(w, "=") &&
		credentialName.MatchString(strings.TrimLeft(w, "-"))
}

// MaskValue masks value when name=value looks like a credential, as for a
// label, and returns it unchanged otherwise.
func MaskValue(name, value string) string {
	if looksLikeCredential(name, value) {
		return Mask(value)
	}
	return value
}

// Mask hides a secret value, keeping at most its first two characters and
// its length: "s3cr3t" becomes "s3…(6 chars)".
func Mask(value string) string {
	n := utf8.RuneCountInString(value)
	if n <= 4 {
		return fmt.Sprintf("…(%d chars)", n)
	}
	r := []rune(value)
	return fmt.Sprintf("%s…(%d chars)", string(r[:2]), n)
}

// runPrefix starts the history entry BuildKit, the default builder since
// Docker 23, writes for a RUN: "RUN |1 TOKEN=abc /bin/sh -c … # buildkit".
const runPrefix = "RUN "

// buildArgs splits a history command that records build arguments,
// "|2 A=1 TOKEN=abc /bin/sh -c …" or the same after runPrefix, into the
// arguments and the command.
func buildArgs(createdBy string) (args []string, command string, ok bool) {
	rest, found := strings.CutPrefix(strings.TrimPrefix(createdBy, runPrefix), "|")
	if !found {
		return nil, createdBy, false
	}
	count, rest, _ := strings.Cut(rest, " ")
	n, err := strconv.Atoi(count)
	if err != nil || n < 0 {
		return nil, createdBy, false
	}
	fields := strings.SplitN(rest, " ", n+1)
	if len(fields) < n {
		return nil, createdBy, false
	}
	if len(fields) > n {
		command = fields[n]
	}
	return fields[:n], command, true
}

// declaration matches the NAME=VALUE of an ARG or ENV instruction as the
// history records it: "ARG TOKEN=abc", "/bin/sh -c #(nop)  ENV A=1".
var declaration = regexp.MustCompile(`\b(ARG|ENV)\s+([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)`)

// declaredArgs returns the NAME=VALUE an ARG instruction's history entry
// declares a default with, if it is one.
func declaredArgs(createdBy string) []string {
	var out []string
	for _, m := range declaration.FindAllStringSubmatch(createdBy, -1) {
		if m[1] == "ARG" {
			out = append(out, m[2]+"="+strings.Trim(m[3], `"`))
		}
	}
	return out
}

// MaskHistory masks the values of credential-like build arguments and
// ARG or ENV declarations in a history command, and the credentials its
// shell command carries (see maskCommand), so the command can be shown.
func MaskHistory(createdBy string) string {
	createdBy = declaration.ReplaceAllStringFunc(createdBy, func(decl string) string {
		m := declaration.FindStringSubmatch(decl)
		if !looksLikeCredential(m[2], strings.Trim(m[3], `"`)) {
			return decl
		}
		return m[1] + " " + m[2] + "=" + Mask(strings.Trim(m[3], `"`))
	})
	args, command, ok := buildArgs(createdBy)
	if !ok {
		return maskCommand(createdBy)
	}
	masked := make([]string, len(args))
	changed := false
	for i, a := range args {
		name, value, _ := strings.Cut(a, "=")
		if looksLikeCredential(name, value) {
			a, changed = name+"="+Mask(value), true
		}
		masked[i] = a
	}
	if !changed {
		// Rebuilding the entry would respace it; leave it as written.
		return strings.Replace(createdBy, command, maskCommand(command), 1)
	}
	prefix := ""
	if strings.HasPrefix(createdBy, runPrefix) {
		prefix = runPrefix
	}
	return fmt.Sprintf("%s|%d %s %s", prefix, len(args), strings.Join(masked, " "),
		maskCommand(command))
}
