package result

import (
	"fmt"
	"strings"
)

// Severity ranks a finding. The zero value is not a valid severity, so a
// finding that forgot to set one is caught by the tests of the catalogue.
type Severity int8

// Severities from least to most urgent.
const (
	Info Severity = iota + 1
	Low
	Medium
	High
)

var severityNames = map[Severity]string{Info: "info", Low: "low", Medium: "medium", High: "high"}

// String returns the lowercase name users type: "high", "medium", "low", "info".
func (s Severity) String() string {
	if n, ok := severityNames[s]; ok {
		return n
	}
	return fmt.Sprintf("severity(%d)", int8(s))
}

// ParseSeverity reads a severity name, ignoring case.
func ParseSeverity(s string) (Severity, error) {
	for sev, name := range severityNames {
		if strings.EqualFold(s, name) {
			return sev, nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want high, medium, low or info)", s)
}

// MarshalText writes the severity by name.
func (s Severity) MarshalText() ([]byte, error) {
	if _, ok := severityNames[s]; !ok {
		return nil, fmt.Errorf("invalid severity %d", int8(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads a severity by name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
