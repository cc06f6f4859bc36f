package check

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseAccounts reads any bytes as /etc/passwd or /etc/group. Every
// account it accepts has a name without a colon and an id that is not
// negative, and every line that is not blank or a comment is either an
// account or a warning.
func FuzzParseAccounts(f *testing.F) {
	seeds := []string{
		"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
		"nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
		"root:x:0:\nwheel:x:10:root,app\nnogroup:x:65534:\n",
		"# comment\n\n  app:x:1000:1000::/home/app:/bin/sh  \r\n",
		"bad line\nuser:x:-1:0\nuser:x:99999999999999999999:0\n:x:0:0\n",
		"+::::::\n+@netgroup\n-user\n", // NIS compat lines
		strings.Repeat("a", 70000) + ":x:1:1\n",
		"x:x:1:1\x00\nutf8:x:1:1:\xff\xfe\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		accts, warnings := parseAccounts(data)
		for _, a := range accts {
			if a.name == "" || strings.Contains(a.name, ":") || a.id < 0 {
				t.Errorf("accepted account %q with id %d", a.name, a.id)
			}
		}

		lines := 0
		for _, l := range bytes.Split(data, []byte("\n")) {
			l = bytes.TrimSpace(l)
			if len(l) > 0 && l[0] != '#' {
				lines++
			}
		}
		if len(accts)+len(warnings) > lines+1 {
			t.Errorf("%d accounts and %d warnings from %d lines", len(accts), len(warnings), lines)
		}
		for _, w := range warnings {
			if strings.Contains(w, "\n") {
				t.Errorf("warning %q spans lines", w)
			}
		}
	})
}

// FuzzMaskHistory reads any history command as docker records it. Masking
// never lets the value of a credential-like build argument through, and a
// command with no assignment, option, colon or credential-shaped word
// comes back as it went in.
func FuzzMaskHistory(f *testing.F) {
	seeds := []string{
		"|2 NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789 VERSION=1.2 /bin/sh -c npm ci",
		"|1 GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 /bin/sh -c make",
		"|3 A=1 B=2 AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY /bin/sh -c x",
		"|1 KEY=AKIAIOSFODNN7EXAMPLE RUN",
		"RUN |1 GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 /bin/sh -c make # buildkit",
		"|0 /bin/sh -c echo hi",
		"/bin/sh -c #(nop)  CMD [\"sh\"]",
		"|x A=1 /bin/sh", "|-1 A=1", "|99999999999999999999 A=1", "|2 ONLYONE=1", "|", "",
		"|2 PASSWORD=ünïcødé-pässwörd-long CACHE=true /bin/sh -c build",
		"ARG NPM_TOKEN=abcdefghijklmnop0123", "TOKEN=A", "-TOKEn A",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, createdBy string) {
		masked := MaskHistory(createdBy)
		// A credential is masked where it is assigned (=), follows an option
		// (-), sits in a URL, header or npm key (:), or has a known shape.
		if !strings.ContainsAny(createdBy, "=-:") && !credentialValue.MatchString(createdBy) &&
			masked != createdBy {
			t.Errorf("MaskHistory changed %q, which holds nothing to mask", createdBy)
		}

		args, _, _ := buildArgs(createdBy)
		for _, a := range args {
			name, value, _ := strings.Cut(a, "=")
			if !looksLikeCredential(name, value) || !leaksIfShown(createdBy, value) {
				continue
			}
			if strings.Contains(masked, value) {
				t.Errorf("MaskHistory(%q) = %q shows the value of %s", createdBy, masked, name)
			}
		}
	})
}

// leaksIfShown reports whether finding value in a masked command would
// mean the mask let it through: it is long enough that no mask text holds
// it, valid text, and written only once in the command.
func leaksIfShown(createdBy, value string) bool {
	return len(value) >= 16 && utf8.ValidString(value) && !strings.Contains(value, "…") &&
		strings.Count(createdBy, value) == 1
}
