package check

import (
	"regexp"
	"strings"
)

// urlPassword finds the password of a URL's user information:
// "https://ci:PASSWORD@pypi.example.com", "https://oauth2:TOKEN@gitlab.com".
var urlPassword = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://[^/\s:@"']+:)([^@\s"'/]+)@`)

// secretHeader finds the value of an HTTP header that carries a credential,
// as curl -H and wget --header write one: "Authorization: Bearer VALUE",
// "PRIVATE-TOKEN: VALUE", "X-Api-Key: VALUE".
var secretHeader = regexp.MustCompile(
	`(?i)\b([A-Za-z][A-Za-z0-9_-]*):[ \t]*((?:bearer|basic|token)[ \t]+)?([^\s"']+)`)

// npmKey matches the keys of npm settings that hold a credential, as npm
// config set writes them: "//registry.npmjs.org/:_authToken".
var npmKey = regexp.MustCompile(`(^|:)_(authToken|auth|password)$`)

// commandWord finds the words of a command line.
var commandWord = regexp.MustCompile(`\S+`)

// maskCommand masks the credentials a shell command carries, as a RUN
// records it in the history: passwords in URLs, credential headers, the
// words MaskArgs masks, the value after npm config set's credential keys
// and after curl's -u user:. Spacing and all other words stay as written.
// Words already masked are left alone, and so is a value that names a
// variable ("${TOKEN}"), which the shell fills in.
func maskCommand(cmd string) string {
	cmd = maskGroup(cmd, urlPassword, 2, nil)
	cmd = maskGroup(cmd, secretHeader, 3, func(m []string) bool {
		return credentialName.MatchString(m[1]) && !notCredentialName.MatchString(m[1])
	})

	spans := commandWord.FindAllStringIndex(cmd, -1)
	words := make([]string, len(spans))
	for i, sp := range spans {
		words[i] = cmd[sp[0]:sp[1]]
	}
	masked := MaskArgs(words)
	for i := 1; i < len(words); i++ {
		prev := strings.Trim(words[i-1], `"'`)
		switch {
		case npmKey.MatchString(prev):
			masked[i] = maskUnlessVariable(words[i])
		case prev == "-u" || prev == "--user":
			if user, pass, ok := strings.Cut(words[i], ":"); ok {
				masked[i] = user + ":" + maskUnlessVariable(pass)
			}
		}
	}

	var b strings.Builder
	last := 0
	for i, sp := range spans {
		b.WriteString(cmd[last:sp[0]])
		if strings.Contains(words[i], "…(") {
			b.WriteString(words[i]) // masked already
		} else {
			b.WriteString(masked[i])
		}
		last = sp[1]
	}
	b.WriteString(cmd[last:])
	return b.String()
}

// maskGroup masks group g of every match of re in s for which want, if
// set, holds, and leaves the rest of s as it is.
func maskGroup(s string, re *regexp.Regexp, g int, want func(m []string) bool) string {
	var b strings.Builder
	last := 0
	for _, ix := range re.FindAllStringSubmatchIndex(s, -1) {
		start, end := ix[2*g], ix[2*g+1]
		if start < 0 {
			continue
		}
		if want != nil {
			m := make([]string, len(ix)/2)
			for i := range m {
				if ix[2*i] >= 0 {
					m[i] = s[ix[2*i]:ix[2*i+1]]
				}
			}
			if !want(m) {
				continue
			}
		}
		b.WriteString(s[last:start])
		b.WriteString(maskUnlessVariable(s[start:end]))
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

// maskUnlessVariable masks a value unless it names a shell variable.
func maskUnlessVariable(v string) string {
	if strings.HasPrefix(strings.Trim(v, `"'`), "$") {
		return v
	}
	return Mask(v)
}
