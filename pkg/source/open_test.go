package source

import "testing"

func TestLooksLikePath(t *testing.T) {
	tests := []struct {
		ref  string
		want bool
	}{
		{"./image.tar", true},
		{"/tmp/image", true},
		{"~/image.tar", true},
		{"image.tar", true},
		{"out/app.tar.gz", true},
		{"app.tgz", true},
		{"nginx", false},
		{"nginx:1.27", false},
		{"registry.example:5000/team/app:1.2.3", false},
		{"app.tar:1", false},
		{"library/app@sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			if got := looksLikePath(tt.ref); got != tt.want {
				t.Errorf("looksLikePath(%q) = %v, want %v", tt.ref, got, tt.want)
			}
		})
	}
}
