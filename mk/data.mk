# Placeholder until the data rules land: the compiled-in filters/ tables
# and the default ASN database.
data:
