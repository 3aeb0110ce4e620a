"""Optional integrations, each behind an extra (``pip install "procore-sdk[redis]"``)."""
