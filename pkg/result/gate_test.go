package result

import "testing"

func TestIdentity(t *testing.T) {
	tests := []struct {
		name string
		f    Finding
		want string
	}{
		{"path, cleaned", Finding{Check: "env-file", Path: "/srv/app/./.env"}, "env-file:/srv/app/.env"},
		{"subject without a path", Finding{Check: "secret-env", Subject: "API_TOKEN"},
			"secret-env:API_TOKEN"},
		{"path wins over subject", Finding{Check: "compiler", Path: "/usr/bin/gcc", Subject: "gcc"},
			"compiler:/usr/bin/gcc"},
		{"config finding", Finding{Check: "user-root"}, "user-root"},
		{"message plays no part", Finding{Check: "user-root", Message: "reworded"}, "user-root"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.Identity(); got != tt.want {
				t.Errorf("Identity() = %q, want %q", got, tt.want)
			}
		})
	}
}
