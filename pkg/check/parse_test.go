package check

import (
	"slices"
	"strings"
	"testing"
)

func TestParseAccounts(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      []account
		wantWarns int
	}{
		{"plain", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n",
			[]account{{"root", 0}, {"app", 1000}}, 0},
		{"comments and blanks", "# users\n\nroot:x:0:0::/:/bin/sh\n", []account{{"root", 0}}, 0},
		{"too few fields", "broken\nroot:x:0:0::/:/bin/sh\n", []account{{"root", 0}}, 1},
		{"id not a number", "odd:x:abc:0::/:/bin/sh\nroot:x:0:0::/:/bin/sh\n",
			[]account{{"root", 0}}, 1},
		{"negative id", "neg:x:-1:0::/:/bin/sh\n", nil, 1},
		{"empty name", ":x:5:5::/:/bin/sh\n", nil, 1},
		{"group file", "root:x:0:\nstaff:x:50:alice,bob\n", []account{{"root", 0}, {"staff", 50}}, 0},
		{"no final newline", "root:x:0:0::/:/bin/sh", []account{{"root", 0}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warns := parseAccounts([]byte(tt.in))
			if !slices.Equal(got, tt.want) {
				t.Errorf("accounts = %v, want %v", got, tt.want)
			}
			if len(warns) != tt.wantWarns {
				t.Errorf("warnings = %q, want %d", warns, tt.wantWarns)
			}
		})
	}
}

func TestParseDpkgStatus(t *testing.T) {
	status := `Package: gcc-12
Status: install ok installed
Description: GNU C compiler
 a continuation line: with a colon
Version: 12.2.0-14

Package: removed-thing
Status: deinstall ok config-files
Version: 1

Package: make
Version: 4.3-4.1
Status: install ok installed
`
	got := parseDpkgStatus([]byte(status))
	want := []pkg{{"gcc-12", "12.2.0-14"}, {"make", "4.3-4.1"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestParseApkInstalled(t *testing.T) {
	db := "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\n\nP:gcc\nV:13.2.1_git20231014-r0\n"
	got := parseApkInstalled([]byte(db))
	want := []pkg{{"musl", "1.2.4-r2"}, {"gcc", "13.2.1_git20231014-r0"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"s3cr3t-value", "s3…(12 chars)"},
		{"abcd", "…(4 chars)"},
		{"", "…(0 chars)"},
		{"ünïcödé", "ün…(7 chars)"},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskHistory(t *testing.T) {
	tests := []struct {
		name, in, want string
		hidden         string
	}{
		{"credential name", "|2 VERSION=1.2 NPM_TOKEN=abcdef123456 /bin/sh -c npm ci",
			"|2 VERSION=1.2 NPM_TOKEN=ab…(12 chars) /bin/sh -c npm ci", "abcdef123456"},
		{"credential value", "|1 X=AKIAABCDEFGHIJKLMNOP /bin/sh -c true",
			"|1 X=AK…(20 chars) /bin/sh -c true", "AKIAABCDEFGHIJKLMNOP"},
		{"no build args", "/bin/sh -c apt-get update", "/bin/sh -c apt-get update", ""},
		{"not a count", "|x A=1 /bin/sh -c true", "|x A=1 /bin/sh -c true", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MaskHistory(tt.in)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if tt.hidden != "" && strings.Contains(got, tt.hidden) {
				t.Errorf("%q still shows the secret", got)
			}
		})
	}
}

func TestUnderPattern(t *testing.T) {
	tests := []struct {
		p, pattern, want string
		ok               bool
	}{
		{"/var/lib/apt/lists/x_Packages", "/var/lib/apt/lists", "/var/lib/apt/lists", true},
		{"/var/lib/apt/lists", "/var/lib/apt/lists", "", false},
		{"/home/ann/.cache/pip/http/a", "/home/*/.cache/pip", "/home/ann/.cache/pip", true},
		{"/home/ann/.cache/pipx/a", "/home/*/.cache/pip", "", false},
		{"/var/lib/aptitude/x", "/var/lib/apt/lists", "", false},
	}
	for _, tt := range tests {
		got, ok := underPattern(tt.p, tt.pattern)
		if got != tt.want || ok != tt.ok {
			t.Errorf("underPattern(%q, %q) = %q, %v; want %q, %v",
				tt.p, tt.pattern, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCompilerName(t *testing.T) {
	yes := []string{"gcc", "gcc-12", "x86_64-linux-gnu-gcc-12", "cc", "c++", "clang++-16", "go",
		"javac",
		"make", "cmake", "aarch64-linux-musl-gcc"}
	no := []string{"gcc-ar", "gcc-nm-12", "gofmt", "makeinfo", "ccache", "goimports", "cargo-clippy"}
	for _, n := range yes {
		if !compilerName.MatchString(n) {
			t.Errorf("%q should be a compiler name", n)
		}
	}
	for _, n := range no {
		if compilerName.MatchString(n) {
			t.Errorf("%q should not be a compiler name", n)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"openssh", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn", true},
		{"rsa", "-----BEGIN RSA PRIVATE KEY-----\nMIIE", true},
		{"pkcs8", "\n-----BEGIN PRIVATE KEY-----\nMIIE", true},
		{"certificate", "-----BEGIN CERTIFICATE-----\nMIID", false},
		{"public key", "-----BEGIN PUBLIC KEY-----\nMIIB", false},
		{"text", "hello", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sniff("/x", []byte(tt.head)) == tagPrivateKey; got != tt.want {
				t.Errorf("private key = %v, want %v", got, tt.want)
			}
		})
	}
}
