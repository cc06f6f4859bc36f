package result

import "strings"

// Instruction shortens a history command to the Dockerfile instruction a
// person recognises, "/bin/sh -c #(nop) COPY dir:… in /app" to "COPY dir:…
// in /app" and "/bin/sh -c apt-get update" to "RUN apt-get update", cut to
// at most most characters with an ellipsis; most <= 0 means no limit.
func Instruction(createdBy string, most int) string {
	s := strings.TrimSpace(createdBy)
	s = strings.TrimPrefix(s, "/bin/sh -c #(nop) ")
	if rest, ok := strings.CutPrefix(s, "/bin/sh -c "); ok {
		s = "RUN " + rest
	}
	if r := []rune(s); most > 0 && len(r) > most {
		s = string(r[:most-1]) + "…"
	}
	return s
}
