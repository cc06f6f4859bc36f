package policy

import "testing"

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"500MB", 500_000_000, true},
		{"500 MB", 500_000_000, true},
		{"1KB", 1000, true},
		{"1KiB", 1024, true},
		{"200MiB", 200 << 20, true},
		{"1.5GiB", 3 << 29, true},
		{"2GB", 2_000_000_000, true},
		{"2048", 2048, true},
		{"10B", 10, true},
		{"0", 0, false},
		{"-5MB", 0, false},
		{"five MB", 0, false},
		{"5 parsecs", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSize(tt.in)
			if got != tt.want || (err == nil) != tt.ok {
				t.Errorf("ParseSize(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestParsePercent(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"5%", 5, true},
		{"12.5%", 12.5, true},
		{"100%", 100, true},
		{" 7 %", 7, true},
		{"0%", 0, false},
		{"101%", 0, false},
		{"-1%", 0, false},
		{"5", 0, false},
		{"NaN%", 0, false},
		{"%", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePercent(tt.in)
			if got != tt.want || (err == nil) != tt.ok {
				t.Errorf("ParsePercent(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}
