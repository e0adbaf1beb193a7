# The portal has no tables of its own: it reads the member's records through members.selectors.
