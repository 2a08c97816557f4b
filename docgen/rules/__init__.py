"""Stage 5, the rules: the identities and lints that judge a modelled source and its computed
figures (`checks`, `indicators`), last year's figures from last year's source (`lastyear`), and
the rules across the files of a county (`county`)."""
