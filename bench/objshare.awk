# objshare.awk — self cost (instructions, Ir) per ELF object from a callgrind output file.
# callgrind writes "ob=(n) name" / "ob=(n)" for the object of the functions that follow,
# "fn=" for a function, then cost lines "position cost"; after "calls=" the next line is
# the inclusive cost of that call, which is not the caller's own cost and is skipped.
/^ob=/ {
    s = $0; sub(/^ob=/, "", s)
    if (match(s, /^\([0-9]+\)/)) {
        id = substr(s, RSTART, RLENGTH); rest = substr(s, RLENGTH + 1); sub(/^ /, "", rest)
        if (rest != "") obname[id] = rest
        ob = id
    } else ob = s
    next
}
/^cob=/ { # names can be defined where an object is first called
    s = $0; sub(/^cob=/, "", s)
    if (match(s, /^\([0-9]+\)/)) {
        id = substr(s, RSTART, RLENGTH); rest = substr(s, RLENGTH + 1); sub(/^ /, "", rest)
        if (rest != "") obname[id] = rest
    }
    next
}
/^(fl|fi|fe|fn|cfi|cfl|cfn)=/ { next }
/^calls=/ { skip = 1; next }
/^[0-9+-]/ {
    if (skip) { skip = 0; next }
    n = split($0, f, " ")
    if (n >= 2) cost[ob] += f[2]
    next
}
END {
    for (o in cost) {
        name = (o in obname) ? obname[o] : o
        total += cost[o]
        byname[name] += cost[o]
    }
    for (name in byname) printf "%16.0f %5.1f%%  %s\n", byname[name], 100 * byname[name] / total, name
}
