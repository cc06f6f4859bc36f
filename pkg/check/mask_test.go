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
