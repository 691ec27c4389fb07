"""Column types: Arrow types, so Parquet files carry date32 and list<string> natively."""

from typing import Annotated

import pandas as pd
import pyarrow as pa

String = Annotated[pd.ArrowDtype, pa.string()]
Int = Annotated[pd.ArrowDtype, pa.int64()]
Float = Annotated[pd.ArrowDtype, pa.float64()]
Bool = Annotated[pd.ArrowDtype, pa.bool_()]
Date = Annotated[pd.ArrowDtype, pa.date32()]
StringList = Annotated[pd.ArrowDtype, pa.list_(pa.string())]
