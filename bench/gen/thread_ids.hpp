// Thread ids of the AMT operation manager threads used by the generator.
#pragma once

namespace amtdiag::bench::threads {

inline constexpr unsigned kProvisionWorker = 2436;  // 0x984, the figures' status bar
inline constexpr unsigned kHelloListener = 3012;    // 0xBC4 (modeled)
inline constexpr unsigned kFigure3Task = 5360;      // "Work thread 5360 started"
inline constexpr unsigned kFigure4Task = 11220;     // "Work thread 11220 started"

}  // namespace amtdiag::bench::threads
