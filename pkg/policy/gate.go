package policy

import "github.com/imgaudit/imgaudit/pkg/result"

// Decide runs the gate over res and records the verdict in res.Gate. A
// finding blocks when no waiver covers it, its severity is at or above
// failOn, and, when base is not nil, the baseline lacks it or has it at a
// lower severity. A failOn of 0 turns the gate off: nothing blocks.
func Decide(res *result.Result, failOn result.Severity, base *Baseline) *result.Gate {
	g := &result.Gate{FailOn: "none"}
	if failOn != 0 {
		g.FailOn = failOn.String()
	}
	if base != nil {
		base.mark(res.Findings)
		g.Baseline = base.File
	}

	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Waiver != nil {
			g.Waived++
			continue
		}
		f.Blocking = failOn != 0 && f.Severity >= failOn && f.Baseline != result.BaselineKnown
		if f.Blocking {
			g.Blocking++
		}
	}
	g.Passed = g.Blocking == 0
	res.Gate = g
	return g
}
