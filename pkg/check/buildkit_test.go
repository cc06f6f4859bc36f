package check

import (
	"strings"
	"testing"
)

// TestBuildKitHistory reads build arguments in the form BuildKit records a
// RUN in, as well as the classic builder's: masked for display, and found
// by the check.
func TestBuildKitHistory(t *testing.T) {
	const token = "npm_GhJkLmNpQrStVwXyZgHjKlMnPqRsTvWxYzAb"
	tests := []struct {
		name, createdBy, want string
	}{
		{"classic builder", "|1 NPM_TOKEN=" + token + " /bin/sh -c npm ci",
			"|1 NPM_TOKEN=np…(40 chars) /bin/sh -c npm ci"},
		{"buildkit", "RUN |1 NPM_TOKEN=" + token + " /bin/sh -c npm ci # buildkit",
			"RUN |1 NPM_TOKEN=np…(40 chars) /bin/sh -c npm ci # buildkit"},
		{"buildkit without arguments", "RUN /bin/sh -c npm ci # buildkit",
			"RUN /bin/sh -c npm ci # buildkit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MaskHistory(tt.createdBy)
			if got != tt.want {
				t.Errorf("MaskHistory = %q, want %q", got, tt.want)
			}
			if strings.Contains(got, token[4:]) {
				t.Error("the masked history shows the token")
			}

			args, _, ok := buildArgs(tt.createdBy)
			wantArgs := strings.Contains(tt.createdBy, "|")
			if ok != wantArgs || (ok && len(args) != 1) {
				t.Errorf("buildArgs = %q, %v; want one argument: %v", args, ok, wantArgs)
			}
		})
	}
}
