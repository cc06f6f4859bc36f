package check

import (
	"slices"
	"testing"
)

func TestLooksLikeCredential(t *testing.T) {
	tests := []struct {
		name, value string
		want        bool
	}{
		{"DB_PASSWORD", "hunter2-long", true},
		{"API_TOKEN", "abcdef", true},
		{"BASIC_AUTH", "user:pass", true},
		{"X", "AKIAABCDEFGHIJKLMNOP", true},
		{"org.opencontainers.image.authors", "Jane Doe", false},
		{"PWD", "/app", false},
		{"TOKENIZERS_PARALLELISM", "false", false},
		{"DB_PASSWORD_FILE", "/run/secrets/db", false},
		{"SECRET_DIR", "/run/secrets", false},
		{"ENABLE_AUTH", "true", false},
		{"PASSWORD", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := looksLikeCredential(tt.name, tt.value); got != tt.want {
				t.Errorf("looksLikeCredential(%q, %q) = %v, want %v", tt.name, tt.value, got, tt.want)
			}
		})
	}
}

func TestMaskArgs(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"flag with value", []string{"/app", "--password=s3cr3t-value"},
			[]string{"/app", "--password=s3…(12 chars)"}},
		{"flag then value", []string{"/app", "--api-key", "k3y-k3y-k3y"},
			[]string{"/app", "--api-key", "k3…(11 chars)"}},
		{"shell assignment", []string{"/bin/sh", "-c", "TOKEN=abcdefgh run"},
			[]string{"/bin/sh", "-c", "TOKEN=ab…(12 chars)"}},
		{"known shape anywhere", []string{"curl", "ghp_" + "abcdefghijklmnopqrstuvwxyz0123456789"},
			[]string{"curl", "gh…(40 chars)"}},
		{"harmless", []string{"/app", "serve", "--port", "8080", "--auth-file=/run/secrets/a"},
			[]string{"/app", "serve", "--port", "8080", "--auth-file=/run/secrets/a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MaskArgs(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("MaskArgs(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMaskHistoryDeclarations(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ARG NPM_TOKEN=abcdef123456", "ARG NPM_TOKEN=ab…(12 chars)"},
		{`/bin/sh -c #(nop)  ENV DB_PASSWORD="hunter2-long"`,
			"/bin/sh -c #(nop)  ENV DB_PASSWORD=hu…(12 chars)"},
		{"ARG VERSION=1.2.3", "ARG VERSION=1.2.3"},
		{"ENV PATH=/usr/local/bin:/usr/bin", "ENV PATH=/usr/local/bin:/usr/bin"},
	}
	for _, tt := range tests {
		if got := MaskHistory(tt.in); got != tt.want {
			t.Errorf("MaskHistory(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := declaredArgs("ARG TOKEN=abc"); len(got) != 1 || got[0] != "TOKEN=abc" {
		t.Errorf("declaredArgs = %q, want the ARG's default", got)
	}
	if got := declaredArgs("ENV TOKEN=abc"); len(got) != 0 {
		t.Errorf("declaredArgs = %q, want nothing for ENV", got)
	}
}
