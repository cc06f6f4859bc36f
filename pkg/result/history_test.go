package result

import "testing"

func TestInstruction(t *testing.T) {
	tests := []struct {
		in   string
		most int
		want string
	}{
		{"/bin/sh -c #(nop) COPY dir:3f1c in /app ", 0, "COPY dir:3f1c in /app"},
		{"/bin/sh -c apt-get update", 0, "RUN apt-get update"},
		{"RUN |1 A=1 /bin/sh -c make # buildkit", 0, "RUN |1 A=1 /bin/sh -c make # buildkit"},
		{"/bin/sh -c apt-get update", 10, "RUN apt-g…"},
		{"ünïcödé history", 5, "ünïc…"},
	}
	for _, tt := range tests {
		if got := Instruction(tt.in, tt.most); got != tt.want {
			t.Errorf("Instruction(%q, %d) = %q, want %q", tt.in, tt.most, got, tt.want)
		}
	}
}
